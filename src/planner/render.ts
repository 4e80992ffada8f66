import type { CallResult, UnitResult } from "../tools/types.ts";
import type { Aggregate } from "./aggregate.ts";
import { applyPostFilter } from "./filter.ts";
import type { Plan } from "./plan.ts";
import { itemsOf } from "./run.ts";
import { table } from "./table.ts";

type Item = Record<string, unknown>;

/**
 * The planner's answer as text: what it chose and why, one table per account and region (or the
 * counts), the failed units, and a one-line summary. Client-side filters are applied here.
 */
export function renderPlannedAnswer(plan: Plan, callResult: CallResult): string {
  const result = applyPostFilter(plan, callResult);
  const out: string[] = [plan.explanation, ""];
  // Expanded plans answer once per cluster: one table per account and region all the same.
  const groups = new Map<string, { unit: UnitResult; items: Item[] }>();
  for (const unit of result.results.filter((u) => u.ok)) {
    const key = `${unit.account_id}|${unit.region}`;
    const group = groups.get(key) ?? { unit, items: [] };
    group.items.push(...itemsOf(unit));
    groups.set(key, group);
  }
  const total = [...groups.values()].reduce((n, g) => n + g.items.length, 0);
  const withHits = new Set(
    [...groups.values()].filter((g) => g.items.length > 0).map((g) => g.unit.account_id),
  );
  if (plan.aggregate) out.push(counts(plan.aggregate, [...groups.values()]), "");
  else {
    const empty: string[] = [];
    for (const { unit, items } of groups.values()) {
      if (items.length === 0) empty.push(`${unit.account_name}/${unit.region}`);
      else out.push(`${label(unit)} · ${items.length}`, table(items), "");
    }
    if (empty.length > 0) out.push(`Nothing found in: ${empty.join(", ")}`);
  }
  const failed = result.results.filter((u) => !u.ok);
  if (failed.length > 0) {
    out.push("", "Failed:");
    for (const u of failed) out.push(`  ${label(u)} · ${u.error?.code}: ${u.error?.message}`);
  }
  const accounts = new Set(result.results.map((u) => u.account_id).filter((id) => id !== "")).size;
  const units = result.results.length;
  const matching = plan.filters.length > 0 ? ` matching ${plan.filters.map((f) => f.label).join(", ")}` : "";
  const atLeast = failed.length > 0 && plan.aggregate ? "at least " : "";
  out.push(
    "",
    `Summary: ${atLeast}${total} ${counted(total, noun(plan.tool))}${matching}${accounts > 0 ? ` in ${withHits.size} of ${accounts} ${counted(accounts, "accounts")}` : ""}; ${units - failed.length} of ${units} ${counted(units, "calls")} answered${failed.length > 0 ? `, ${failed.length} failed` : ""}.`,
  );
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** A group of `aggregate.by` the items cannot be grouped by (no item has the field), if any. */
export function ungroupable(plan: Plan, result: CallResult): string | undefined {
  const items = result.results.flatMap(itemsOf);
  for (const b of plan.aggregate?.by ?? [])
    if (typeof b === "object" && items.length > 0 && !items.some((i) => b.fields.some((f) => f in i)))
      return b.label;
  return undefined;
}

/** One row per group (accounts with none included when counting per account), largest first. */
function counts(aggregate: Aggregate, groups: Array<{ unit: UnitResult; items: Item[] }>): string {
  const by = aggregate.by;
  const tally = new Map<string, Item>();
  for (const { unit, items } of groups) {
    const rows = items.map((item) => keyOf(by, unit, item));
    if (items.length === 0 && by.length > 0 && by.every((b) => b === "account" || b === "region"))
      rows.push(keyOf(by, unit, {}));
    for (const row of rows) {
      const key = JSON.stringify(row);
      const entry = tally.get(key) ?? { ...row, count: 0 };
      if (items.length > 0) entry.count = Number(entry.count) + 1;
      tally.set(key, entry);
    }
  }
  const rows = [...tally.values()].sort((a, b) => Number(b.count) - Number(a.count));
  if (by.length === 0) return `Count: ${groups.reduce((n, g) => n + g.items.length, 0)}`;
  return table(rows);
}

function keyOf(by: Aggregate["by"], unit: UnitResult, item: Item): Item {
  const row: Item = {};
  for (const b of by) {
    if (b === "account") row.account = unit.account_name;
    else if (b === "region") row.region = unit.region;
    else {
      const field = b.fields.find((f) => f in item);
      const v = field ? item[field] : undefined;
      row[b.label.replace(/ /g, "_")] = Array.isArray(v) ? v.join(",") : (v ?? "-");
    }
  }
  return row;
}

const label = (u: UnitResult) =>
  u.account_id ? `${u.account_name} (${u.account_id}) · ${u.region}` : `${u.account_name} (${u.region})`;

/** `plural` as is, or without its final s when `n` is 1 ("1 volume", "1 of 1 account"). */
const counted = (n: number, plural: string) => (n === 1 ? plural.replace(/s$/, "") : plural);

/** What the items are, for the summary: `instances`, `buckets`, `DB snapshots`, `accounts`. */
function noun(tool: string): string {
  if (tool === "list_accounts") return "accounts";
  const about = /_(bucket|function)_/.exec(tool)?.[1];
  return about ? `${about}s` : tool.split("_").slice(2).join(" ").replace(/^db /, "DB ") || tool;
}
