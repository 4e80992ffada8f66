/**
 * The model-free planner: answers inventory questions without a model, deterministically — or says
 * what it cannot do. Vocabulary as data: vocab.ts (tools, nouns), states.ts, literals.ts, words.ts.
 *
 * The question is read once, left to right through these rules; each rule blanks the words it applied:
 * 1. Read-only. A write verb where the question asks ops-agent to act ("terminate i-…", "please stop…",
 *    "can you delete…", "…, then reboot them") is refused. The same verbs in a read question are read
 *    ("which EKS clusters need an upgrade?", "what's the start time…", "which buckets make objects public?").
 * 2. Regions (us-east-1…) and values that are not nouns: tags (`env=prod`), ids (i-, vol-, sg-, vpc-,
 *    subnet-, ami-), CIDRs, ports, instance types, resource names ("cluster prod-web", "function x").
 * 3. The tool, from service and resource nouns: the first rule of `TOOL_RULES` that matches wins;
 *    "clusters" alone is asked back. No tool, in a session with a previous plan: a follow-up (below).
 * 4. Values that are also nouns (runtimes, engines, languages), then states (`STATE_RULES`): each becomes
 *    the tool's own argument when its input schema has one (`states: [running]`, `runtimes: [python3.8]`),
 *    else a client-side filter on the returned items. A negation just before a state inverts it
 *    ("not public" → `is_public ≠ true`, "not running" → every other state); a negated value becomes a
 *    negated filter ("not t3.micro" → `type ≠ t3.micro`). A word glued by a hyphen into a resource name
 *    ("mysql" in "prod-billing-mysql") is part of the name, never a value or a state.
 * 5. Counts and groups ("how many … per account / by runtime"), accounts (names, ids, aliases,
 *    environments, `env:x`, "all accounts"; "except staging" / "not in prod" → the others; none → all
 *    workload accounts), ordering and format words (named in the answer as not applied), the tool's nouns.
 * 6. Anything left (besides filler words) is a condition the planner did not apply — a negation, a filter,
 *    a count, a comparison, a cost: it declines and names it, instead of answering an unfiltered list.
 * Follow-ups ("and in staging?", "what about the stopped ones?") start from the session's previous plan:
 * accounts and regions stay unless named again; the same tool keeps its arguments and filters.
 */
import type { Account } from "../config/types.ts";
import type { ToolSpec } from "../tools/types.ts";
import { readAccounts, readRegions } from "./accounts.ts";
import { type Aggregate, readAggregate } from "./aggregate.ts";
import {
  type Applied,
  applyBareNames,
  applyLiterals,
  applyStates,
  insideName,
  readEarlyLiterals,
  readLateLiterals,
} from "./apply.ts";
import { explain } from "./explain.ts";
import { categoryOf, createReading, normalize } from "./reading.ts";
import { type PostFilter, STATE_RULES } from "./states.ts";
import { AMBIGUOUS, TOOL_NOUNS, TOOL_RULES } from "./vocab.ts";
import { ACT_FRAMES, FOLLOW_UP, PRESENTATION, UNIVERSAL } from "./words.ts";

export type { PostFilter } from "./states.ts";

export interface Plan {
  tool: string;
  args: Record<string, unknown>;
  /** `--accounts` selectors (`all`, or account names); the executor resolves them. */
  accounts: string[];
  /** Region names from the question; empty: each account's regions. */
  regions: string[];
  /** Filters applied to the returned items because the tool has no argument for them. */
  filters: PostFilter[];
  /** Count (and group) the items instead of listing them. */
  aggregate?: Aggregate;
  /** Parts of the question that shape the output and were not applied; said in the answer. */
  notes: string[];
  /** One paragraph: which tool, accounts, regions, arguments, filters, counts and notes, and why. */
  explanation: string;
}

export type PlanResult =
  | Plan
  | { refused: "read-only"; message: string }
  | { declined: true; message: string };

export interface PlanContext {
  tools: ToolSpec[];
  accounts: Account[];
  /** The session's previous plan: a follow-up question starts from it. */
  previous?: Plan;
}

export function planQuestion(question: string, context: PlanContext): PlanResult {
  const text = normalize(question);
  for (const frame of ACT_FRAMES) {
    const verb = frame.exec(text)?.[1];
    if (verb)
      return {
        refused: "read-only",
        message: `ops-agent is read-only: it will not ${verb.toLowerCase()} anything. Ask what exists instead, e.g. “list stopped EC2 instances in production”.`,
      };
  }
  const universal = UNIVERSAL.exec(text)?.[0].trim().toLowerCase();
  if (universal) {
    return {
      declined: true,
      message: `The model-free planner could not apply “${universal}” (a question about all of them) in “${question.trim()}”: it lists what matches, which would read as a yes. Ask for the exceptions instead (e.g. “instances that are not running”: none listed means all are), or ask with a model (--model).`,
    };
  }
  const reading = createReading(text);
  const regions = readRegions(reading);
  const before = reading.rest();
  const early = readEarlyLiterals(reading);
  const choice = blankValues(before, early);
  const names = new Set(context.tools.map((t) => t.name));
  const rule = TOOL_RULES.find(
    (r) =>
      names.has(r.tool) && r.all.every((p) => p.test(choice)) && !(r.none ?? []).some((p) => p.test(choice)),
  );
  const previous = context.previous;
  const followUp = previous !== undefined && (!rule || FOLLOW_UP.test(text));
  if (!rule && !previous) return declined(AMBIGUOUS.find((a) => a.pattern.test(choice))?.message);
  const tool = rule?.tool ?? previous!.tool;
  const spec = context.tools.find((t) => t.name === tool);
  const properties = (spec?.inputSchema.properties ?? {}) as Parameters<typeof applyStates>[1];
  const applied: Applied = { args: {}, filters: [] };
  applyLiterals([...early, ...readLateLiterals(reading)], tool, properties, reading, applied);
  applyStates(tool, properties, reading, applied);
  const aggregate = readAggregate(reading);
  const accounts = readAccounts(reading, context.accounts);
  const notes = PRESENTATION.filter((p) => reading.take(p.pattern).length > 0).map((p) => p.note);
  for (const n of TOOL_NOUNS.filter((t) => t.tools.test(tool)))
    reading.take(n.nouns, (m) => !insideName(reading.text, m));
  if (followUp) reading.take(FOLLOW_UP);
  applyBareNames(tool, properties, reading, applied);
  const unread = reading.unread();
  if (unread.length > 0) return declinedUnread(unread, tool, question, properties);
  const same = followUp && tool === previous?.tool;
  const plan: Plan = {
    tool,
    args: same ? { ...previous.args, ...applied.args } : applied.args,
    accounts: followUp && !accounts.named ? previous.accounts : accounts.selectors,
    regions: followUp && regions.length === 0 ? previous.regions : regions,
    filters: same ? mergeFilters(previous.filters, applied.filters) : applied.filters,
    aggregate: aggregate ?? (same ? previous.aggregate : undefined),
    notes,
    explanation: "",
  };
  if (tool === "list_accounts") scopeRegistry(plan, context.accounts);
  plan.explanation = explain(plan);
  return plan;
}

/** The text the tool rules read: literal values blanked, their nouns kept ("instance i-…", "cluster x"). */
function blankValues(before: string, early: ReturnType<typeof readEarlyLiterals>): string {
  let choice = before;
  for (const { matches } of early)
    for (const m of matches)
      for (const [start, end] of (m.indices ?? []).slice(1).filter((g) => g !== undefined))
        choice = choice.slice(0, start) + " ".repeat(end - start) + choice.slice(end);
  return choice;
}

function mergeFilters(before: PostFilter[], after: PostFilter[]): PostFilter[] {
  const fields = new Set(after.map((f) => f.field));
  return [...before.filter((f) => !fields.has(f.field)), ...after];
}

/** `list_accounts` reads the registry whatever the selectors: named accounts become a filter on its rows. */
function scopeRegistry(plan: Plan, accounts: Account[]) {
  if (plan.accounts.includes("all")) return;
  const wanted = accounts.filter((a) =>
    plan.accounts.some((s) => s === a.name || s === `env:${a.environment.toLowerCase()}`),
  );
  const names = wanted.map((a) => a.name);
  plan.filters.push({ label: `name in ${names.join(",")}`, field: "name", op: "in", value: names });
  plan.accounts = ["all"];
}

function declined(reason?: string): PlanResult {
  const why = reason ?? "it names no AWS resource the built-in tools cover.";
  return {
    declined: true,
    message: `The model-free planner could not map this question to a tool: ${why} It understands inventory questions about EC2 instances, volumes, security groups, AMIs, VPCs and subnets; S3 buckets; RDS instances, clusters and snapshots; Lambda functions; ECS clusters, services and tasks; EKS clusters and node groups — e.g. “which S3 buckets are public?”. Run \`ops-agent tools\` for the full list.`,
  };
}

function declinedUnread(unread: string[], tool: string, question: string, properties: object): PlanResult {
  const parts = unread.map((u) => `“${u}”`).join(", ");
  const known = vocabularyOf(tool, Object.keys(properties));
  return {
    declined: true,
    message: `The model-free planner could not apply ${parts} (${categoryOf(unread)}) in “${question.trim()}”. Without it, ${tool} would list more than was asked, so it answers nothing rather than a list that looks complete. For ${tool} it applies ${known}. Rephrase with those, query directly with \`ops-agent call ${tool} …\`, or ask with a model (--model).`,
  };
}

/** What the planner can apply for a tool, for the decline message: its states and its arguments. */
function vocabularyOf(tool: string, args: string[]): string {
  const states = STATE_RULES.filter((r) => r.effects[tool]).map((r) => r.id);
  const values = args.filter((a) => !["accounts", "regions"].includes(a));
  const parts = [
    ...(states.length > 0 ? [`the states ${states.join(", ")}`] : []),
    ...(values.length > 0 ? [`the arguments ${values.join(", ")}`] : []),
    "accounts, regions and counts",
  ];
  return parts.join("; ");
}
