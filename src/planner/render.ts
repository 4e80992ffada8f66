import type { CallResult, UnitResult } from "../tools/types.ts";
import type { Counts } from "./count.ts";
import { applyPostFilter } from "./filter.ts";
import type { Plan } from "./plan.ts";
import { unitRecords } from "./run.ts";
import { table } from "./table.ts";

/**
 * The planner's answer as text: what it chose and why, one table per account and region (or the
 * the counts a plan with `aggregate` computed with `countItems`), the failed units, and a one-line
 * summary. Client-side filters are applied here.
 */
export function renderPlannedAnswer(
  plan: Plan,
  callResult: CallResult,
  counts?: Counts,
  width?: number,
): string {
  const result = applyPostFilter(plan, callResult);
  const out: string[] = [plan.explanation, ""];
  // One unit per account and region (a tool with a parent lists every cluster inside its unit).
  const answered = result.results.filter((u) => u.ok).map((unit) => ({ unit, items: unitRecords(unit) }));
  const total = answered.reduce((n, g) => n + g.items.length, 0);
  const withHits = new Set(answered.filter((g) => g.items.length > 0).map((g) => g.unit.account_id));
  if (counts) out.push(countTable(counts, width), "");
  else {
    const empty: string[] = [];
    // A named parent (cluster) an account lacks is not "nothing in it": say which one is absent where.
    const absent = new Map<string, string[]>();
    for (const { unit, items } of answered) {
      const where = `${unit.account_name}/${unit.region}`;
      const missing = unit.ok ? unit.data.not_found : undefined;
      if (items.length > 0) out.push(`${label(unit)} · ${items.length}`, table(items, width), "");
      else if (missing) {
        const what = `No ${missing.param} "${missing.value}" in`;
        absent.set(what, [...(absent.get(what) ?? []), where]);
      } else empty.push(where);
    }
    for (const [what, list] of absent) out.push(`${what}: ${list.join(", ")}`);
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

function countTable({ sql, result }: Counts, width?: number): string {
  const items = result.rows.map((row) => Object.fromEntries(result.columns.map((c, k) => [c, row[k]])));
  const more = result.truncated ? `\n  (more groups than the ${result.row_cap} shown)` : "";
  return `${table(items, width)}${more}\n\nCounted with SQL over the result table: ${sql}`;
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
