/**
 * The model-free planner: answers inventory questions without a model, deterministically.
 *
 * How a question becomes one tool call (vocabulary in vocab.ts; case-insensitive, whole words):
 * 1. Read-only first. A request to change anything — terminate, delete, remove, stop, start, restart,
 *    reboot, create, modify, update, put, attach, detach, enable, disable, scale, deploy, launch, kill,
 *    destroy, drop, rotate, change, upgrade, resize, revoke, authorize, encrypt, make, fix, apply,
 *    shut down, turn off/on, purge, invoke, grant, restore… — is refused with the read-only message.
 * 2. The tool, from service and resource nouns (first rule that matches wins):
 *    security groups / SGs / firewall rules → ec2_describe_security_groups ·
 *    Fargate profiles, node groups / nodes, add-ons → eks_describe_{fargate_profiles,nodegroups,addons} ·
 *    task definitions → ecs_describe_task_definitions · snapshots / backups → rds_describe_db_snapshots ·
 *    volumes / EBS / disks → ec2_describe_volumes · AMIs / machine images → ec2_describe_images ·
 *    subnets, VPCs → ec2_describe_{subnets,vpcs} · Aurora / DB clusters → rds_describe_db_clusters ·
 *    RDS / databases / DB instances / postgres / mysql → rds_describe_db_instances ·
 *    buckets / S3 + “public access block” | “security” | public | encryption | versioning | lifecycle →
 *    s3_get_{public_access_block,bucket_security,bucket_policy_status,bucket_encryption,bucket_versioning,
 *    bucket_lifecycle}, else s3_list_buckets · concurrency → lambda_get_function_concurrency ·
 *    event sources / triggers → lambda_list_event_source_mappings · account settings / limits →
 *    lambda_get_account_settings · lambdas / functions / runtimes → lambda_list_functions ·
 *    EKS / Kubernetes / k8s → eks_describe_clusters · tasks → ecs_describe_tasks · services →
 *    ecs_describe_services · ECS / containers / Fargate → ecs_describe_clusters ·
 *    EC2 / instances / servers / VMs → ec2_describe_instances · accounts / organization → list_accounts.
 *    “Clusters” alone is ambiguous: asked back.
 *    Tools that need a cluster (ECS services and tasks, EKS node groups, add-ons, Fargate profiles) take
 *    it from “cluster <name>”; without one, the clusters are listed first and each is queried.
 * 3. Accounts: names, ids, aliases and environments (“production”, “prod”, “staging and dev”, “env:x”);
 *    “all accounts”, “every account”, “organization” → all; none named → all workload accounts. Common
 *    words (data, ops, shared, management) count only as “<word> account” or after in/from/for/on/and.
 *    Regions: region names in the question (us-east-1…); else each account's regions.
 * 4. States: running, stopped, unattached / unused, public / exposed, open / 0.0.0.0/0 / anywhere, SSH,
 *    RDP, without Multi-AZ / single-AZ, deprecated runtimes, unencrypted, fewer running than desired /
 *    unhealthy / degraded, old / outdated versions (EKS < 1.30), without versioning, without lifecycle,
 *    without public access block, spot, manual / automated snapshots, postgres / mysql. A state becomes a
 *    tool argument when the tool's input schema has one for it (`states: [running]`); otherwise it is
 *    applied client-side to the returned items (`applyPostFilter`), and the explanation says which.
 */
import type { Account } from "../config/types.ts";
import type { ToolSpec } from "../tools/types.ts";
import { AMBIGUOUS, type Expansion, MUTATING, type PostFilter, STATE_RULES, TOOL_RULES } from "./vocab.ts";

export type { PostFilter } from "./vocab.ts";

export interface Plan {
  tool: string;
  args: Record<string, unknown>;
  /** `--accounts` selectors (`all`, or account names); the executor resolves them. */
  accounts: string[];
  /** Region names from the question; empty: each account's regions. */
  regions: string[];
  /** Filters applied to the returned items because the tool has no argument for them. */
  filters: PostFilter[];
  /** When set, the tool needs `arg` and the question named none: list it with `from` first. */
  expand?: Expansion;
  /** One paragraph: which tool, accounts, regions, arguments and client-side filters, and why. */
  explanation: string;
}

export type PlanResult =
  | Plan
  | { refused: "read-only"; message: string }
  | { unmapped: true; message: string };

export interface PlanContext {
  tools: ToolSpec[];
  accounts: Account[];
}

const COMMON_WORDS = new Set(["data", "ops", "shared", "management", "central", "sandbox"]);
const REGION =
  /\b(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\d\b/gi;
const ALL =
  /\b(?:all|every|each|across)(?: (?:of )?(?:the|my|our))? accounts?\b|\borgani[sz]ation\b|\beverywhere\b/i;
/** Resource names and ids in the question that become arguments when the tool takes them. */
const NAMED: Array<{ pattern: RegExp; args: string[]; all?: RegExp }> = [
  { pattern: /\bcluster\s+([a-z0-9][\w-]*)/i, args: ["cluster", "cluster_name"] },
  { pattern: /\b([a-z0-9]+-[\w-]+)\s+cluster\b/i, args: ["cluster", "cluster_name"] },
  { pattern: /\bservice\s+([a-z0-9][\w-]*)/i, args: ["service_name"] },
  { pattern: /\bfunction\s+([\w-]+)/i, args: ["function_name"] },
  { pattern: /\b(i-[0-9a-f]{8,17})\b/, args: ["instance_ids"], all: /\bi-[0-9a-f]{8,17}\b/g },
];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function planQuestion(question: string, context: PlanContext): PlanResult {
  const q = question.replace(/\s+/g, " ").trim();
  const verb = MUTATING.exec(q);
  if (verb) {
    return {
      refused: "read-only",
      message: `ops-agent is read-only: it will not ${verb[0].toLowerCase()} anything. Ask what exists instead, e.g. “list stopped EC2 instances in production”.`,
    };
  }
  const names = new Set(context.tools.map((t) => t.name));
  const rule = TOOL_RULES.find(
    (r) => names.has(r.tool) && r.all.every((p) => p.test(q)) && !(r.none ?? []).some((p) => p.test(q)),
  );
  if (!rule) {
    const ambiguous = AMBIGUOUS.find((a) => a.pattern.test(q));
    return { unmapped: true, message: unmapped(ambiguous?.message) };
  }
  const spec = context.tools.find((t) => t.name === rule.tool)!;
  const properties = (spec.inputSchema.properties ?? {}) as Record<
    string,
    { type?: string; enum?: unknown[]; items?: { enum?: unknown[] } }
  >;
  const args: Record<string, unknown> = {};
  const filters: PostFilter[] = [];
  for (const state of STATE_RULES) {
    const effect = state.pattern.test(q) ? state.effects[rule.tool] : undefined;
    if (!effect) continue;
    const arg = effect.arg ? argFor(properties, effect.arg) : undefined;
    if (arg) args[arg[0]] = arg[1];
    else if (effect.post) filters.push(effect.post);
  }
  for (const named of NAMED) {
    const value = named.pattern.exec(q)?.[1];
    const prop = named.args.find((a) => a in properties);
    if (value && prop)
      args[prop] = properties[prop]?.type === "array" ? (q.match(named.all ?? named.pattern) ?? []) : value;
  }
  const expand = rule.expand;
  const accounts = accountsIn(q, context.accounts);
  const regions = [...new Set((q.match(REGION) ?? []).map((r) => r.toLowerCase()))];
  const plan: Plan = { tool: rule.tool, args, accounts, regions, filters, explanation: "" };
  if (expand && args[expand.arg] === undefined) plan.expand = expand;
  plan.explanation = explain(plan);
  return plan;
}

function unmapped(reason?: string): string {
  const why = reason ?? "it names no AWS resource the built-in tools cover.";
  return `The model-free planner could not map this question to a tool: ${why} It understands inventory questions about EC2 instances, volumes, security groups, AMIs, VPCs and subnets; S3 buckets; RDS instances, clusters and snapshots; Lambda functions; ECS clusters, services and tasks; EKS clusters and node groups — e.g. “which S3 buckets are public?”. Run \`ops-agent tools\` for the full list.`;
}

function argFor(
  properties: Record<string, { type?: string; enum?: unknown[]; items?: { enum?: unknown[] } }>,
  arg: { name?: string; value: unknown },
): [string, unknown] | undefined {
  if (arg.name) return arg.name in properties ? [arg.name, arg.value] : undefined;
  for (const [name, p] of Object.entries(properties)) {
    if (p.type === "array" && p.items?.enum?.includes(arg.value)) return [name, [arg.value]];
    if (p.enum?.includes(arg.value)) return [name, arg.value];
  }
  return undefined;
}

/** Accounts named in the question, as selectors; `all` when it says so or names none. */
function accountsIn(q: string, accounts: Account[]): string[] {
  if (ALL.test(q)) return ["all"];
  const env = /\benv:([\w-]+)/i.exec(q)?.[1];
  const named = accounts.filter((a) =>
    [a.name, a.id, a.environment, ...a.aliases].some((token) => mentions(q, token)),
  );
  const selectors = [...(env ? [`env:${env.toLowerCase()}`] : []), ...named.map((a) => a.name)];
  return selectors.length > 0 ? selectors : ["all"];
}

function mentions(q: string, token: string): boolean {
  const t = escapeRe(token.toLowerCase());
  if (!COMMON_WORDS.has(token.toLowerCase())) return new RegExp(`(?<![\\w:-])${t}(?![\\w-])`, "i").test(q);
  return new RegExp(
    `\\b${t} (?:account|env)|\\b(?:in|from|for|on|and|,) (?:the )?${t}\\b(?! (?:lake|base))`,
    "i",
  ).test(q);
}

function explain(plan: Plan): string {
  const args = Object.entries(plan.args).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`,
  );
  const parts = [
    `Model-free planner (no model involved) chose the tool ${plan.tool}`,
    `accounts: ${plan.accounts.join(", ")}`,
    `regions: ${plan.regions.length > 0 ? plan.regions.join(", ") : "each account's regions"}`,
    ...(args.length > 0 ? [`arguments: ${args.join(" ")}`] : []),
    ...(plan.filters.length > 0
      ? [`filtered client-side: ${plan.filters.map((f) => f.label).join(", ")}`]
      : []),
    ...(plan.expand ? [`${plan.expand.arg}: every one listed by ${plan.expand.from}`] : []),
  ];
  return `${parts.join("; ")}.`;
}
