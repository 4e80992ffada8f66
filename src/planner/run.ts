import { toCallResult } from "../tools/call-result.ts";
import type { CallResult, Executor, UnitResult } from "../tools/types.ts";
import type { Plan, PostFilter } from "./plan.ts";

/** Runs a plan through the executor; a plan that needs a cluster lists the clusters first, then asks each. */
export async function runPlan(
  plan: Plan,
  executor: Pick<Executor, "invoke">,
  signal?: AbortSignal,
): Promise<CallResult> {
  const targets = { accounts: plan.accounts, regions: plan.regions };
  if (!plan.expand) return executor.invoke(plan.tool, { ...plan.args, ...targets }, { signal });
  const started = performance.now();
  const { arg, from, field } = plan.expand;
  const parents = await executor.invoke(from, targets, { signal });
  const children = await Promise.all(
    parents.results.map(async (unit): Promise<UnitResult[]> => {
      const names = unit.ok ? itemsOf(unit).map((i) => String(i[field])) : [];
      if (!unit.ok || names.length === 0) return [unit];
      const calls = names.map(async (name) => {
        const args = { ...plan.args, [arg]: name };
        const r = await executor.invoke(
          plan.tool,
          { ...args, accounts: [unit.account_id], regions: [unit.region] },
          { signal },
        );
        return r.results.map((u) =>
          withItems(
            u,
            itemsOf(u).map((i) => ({ [arg]: name, ...i })),
          ),
        );
      });
      return (await Promise.all(calls)).flat();
    }),
  );
  return toCallResult(plan.tool, plan.args, children.flat(), performance.now() - started);
}

/** Keeps the items that pass every client-side filter of the plan. */
export function applyPostFilter(plan: Pick<Plan, "filters">, result: CallResult): CallResult {
  if (plan.filters.length === 0) return result;
  const keep = (item: Record<string, unknown>) => plan.filters.every((f) => passes(item, f));
  return {
    ...result,
    results: result.results.map((u) => (u.ok ? withItems(u, itemsOf(u).filter(keep)) : u)),
  };
}

function passes(item: Record<string, unknown>, f: PostFilter): boolean {
  const v = item[f.field];
  const list = Array.isArray(v) ? v : [v];
  const empty = v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  switch (f.op) {
    case "eq":
      return list.some((x) => x === f.value);
    case "ne":
      return !list.some((x) => x === f.value);
    case "empty":
      return empty;
    case "present":
      return !empty;
    case "contains":
      return list.includes(f.value);
    case "lt-field":
      return Number(v) < Number(item[String(f.value)]);
    case "version-lt":
      return compareVersions(String(v ?? ""), String(f.value)) < 0;
  }
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function itemsOf(unit: UnitResult): Array<Record<string, unknown>> {
  const items = (unit.data as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as Array<Record<string, unknown>>) : [];
}

function withItems(unit: UnitResult, items: Array<Record<string, unknown>>): UnitResult {
  return unit.ok ? { ...unit, data: { ...unit.data, items } } : unit;
}

/**
 * The planner's answer as text: what it chose and why, one table per account and region, the
 * failed units, and a one-line summary. Client-side filters are applied here.
 */
export function renderPlannedAnswer(plan: Plan, callResult: CallResult): string {
  const result = applyPostFilter(plan, callResult);
  const out: string[] = [plan.explanation, ""];
  // Expanded plans answer once per cluster: one table per account and region all the same.
  const groups = new Map<string, { unit: UnitResult; items: Array<Record<string, unknown>> }>();
  for (const unit of result.results.filter((u) => u.ok)) {
    const key = `${unit.account_id}|${unit.region}`;
    const group = groups.get(key) ?? { unit, items: [] };
    group.items.push(...itemsOf(unit));
    groups.set(key, group);
  }
  const empty: string[] = [];
  let total = 0;
  const withHits = new Set<string>();
  for (const { unit, items } of groups.values()) {
    if (items.length === 0) {
      empty.push(`${unit.account_name}/${unit.region}`);
      continue;
    }
    total += items.length;
    withHits.add(unit.account_id);
    out.push(`${label(unit)} · ${items.length}`, table(items), "");
  }
  if (empty.length > 0) out.push(`Nothing found in: ${empty.join(", ")}`);
  const failed = result.results.filter((u) => !u.ok);
  if (failed.length > 0) {
    out.push("", "Failed:");
    for (const u of failed) out.push(`  ${label(u)} · ${u.error?.code}: ${u.error?.message}`);
  }
  const accounts = new Set(result.results.map((u) => u.account_id).filter((id) => id !== "")).size;
  const units = result.results.length;
  const matching = plan.filters.length > 0 ? ` matching ${plan.filters.map((f) => f.label).join(", ")}` : "";
  out.push(
    "",
    `Summary: ${total} ${counted(total, noun(plan.tool))}${matching}${accounts > 0 ? ` in ${withHits.size} of ${accounts} ${counted(accounts, "accounts")}` : ""}; ${units - failed.length} of ${units} ${counted(units, "calls")} answered${failed.length > 0 ? `, ${failed.length} failed` : ""}.`,
  );
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

const label = (u: UnitResult) =>
  u.account_id ? `${u.account_name} (${u.account_id}) · ${u.region}` : `${u.account_name} (${u.region})`;

/** What the items are, for the summary: `instances`, `buckets`, `DB snapshots`, `accounts`. */
/** `plural` as is, or without its final s when `n` is 1 ("1 volume", "1 of 1 account"). */
const counted = (n: number, plural: string) => (n === 1 ? plural.replace(/s$/, "") : plural);

function noun(tool: string): string {
  if (tool === "list_accounts") return "accounts";
  const about = /_(bucket|function)_/.exec(tool)?.[1];
  return about ? `${about}s` : tool.split("_").slice(2).join(" ").replace(/^db /, "DB ") || tool;
}

const MAX_COLUMNS = 8;

function table(items: Array<Record<string, unknown>>): string {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))].slice(0, MAX_COLUMNS);
  const rows = items.map((i) => columns.map((c) => cell(i[c])));
  const widths = columns.map((c, k) => Math.max(c.length, ...rows.map((r) => r[k]!.length)));
  const line = (values: string[]) => `  ${values.map((v, k) => v.padEnd(widths[k]!)).join("  ")}`.trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map(line)].join("\n");
}

function cell(value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return "-";
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(",")
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
