import { isObject } from "../../_json.ts";
import type { TextTableOptions } from "../../text-table.ts";
import { unitItems } from "../../tools/call-result.ts";
import type { CallResult, InvokeOptions, UnitResult } from "../../tools/types.ts";
import { type Column, renderCsv, renderTable } from "../output.ts";

/** One row of `call` table/CSV output: an item with the unit it came from. */
interface Row {
  unit: UnitResult;
  item: unknown;
}

function rowsOf(call: CallResult): Row[] {
  return call.results.filter((r) => r.ok).flatMap((unit) => unitItems(unit).map((item) => ({ unit, item })));
}

/**
 * The item fields, in first-seen order: the tool's `select` keys for plugin tools. A field named like
 * one of the unit's columns (an S3 bucket's `region` beside the unit's) is headed `item_<field>`, as
 * in the `--sql` tables, so no header appears twice.
 */
function fieldColumns(rows: Row[], unitHeaders: string[]): Column<Row>[] {
  const fields = new Set<string>();
  let scalar = false;
  for (const { item } of rows) {
    if (isObject(item)) for (const key of Object.keys(item)) fields.add(key);
    else scalar = true;
  }
  const taken = new Set(unitHeaders.map((h) => h.toLowerCase()));
  const columns: Column<Row>[] = [...fields].map((f) => {
    let header = f;
    while (taken.has(header.toLowerCase())) header = `item_${header}`;
    taken.add(header.toLowerCase());
    return { header, value: (r: Row) => (isObject(r.item) ? r.item[f] : undefined) };
  });
  if (scalar) columns.push({ header: "value", value: (r) => (isObject(r.item) ? undefined : r.item) });
  return columns;
}

/**
 * Table output of `call`: items grouped by account and region (result order), then a summary
 * line, then truncation notes and every failed unit, so one failure never hides the rest.
 */
export function renderCallTable(call: CallResult, options: TextTableOptions = {}): string {
  const rows = rowsOf(call);
  const out: string[] = [];
  if (rows.length > 0) {
    const unit: Column<Row>[] = [
      { header: "account", value: (r) => r.unit.account_name },
      { header: "region", value: (r) => r.unit.region },
    ];
    const columns = [
      ...unit,
      ...fieldColumns(
        rows,
        unit.map((c) => c.header),
      ),
    ];
    out.push(renderTable(rows, columns, options), "");
  } else {
    out.push("No items.", "");
  }
  out.push(summaryLine(call, rows.length));
  const truncated = call.results.filter((r) => (r.data as { truncated?: boolean } | undefined)?.truncated);
  for (const r of truncated)
    out.push(`truncated: ${r.account_name} ${r.region} (more items exist; narrow the filters)`);
  const failed = call.results.filter((r) => !r.ok);
  if (failed.length > 0) {
    out.push("", "Errors:");
    out.push(
      renderTable(
        failed,
        [
          { header: "account", value: (r) => r.account_name },
          { header: "account id", value: (r) => r.account_id },
          { header: "region", value: (r) => r.region },
          { header: "code", value: (r) => r.error?.code },
          { header: "message", value: (r) => r.error?.message },
        ],
        options,
      ),
    );
  }
  return out.join("\n");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLine(call: CallResult, items: number): string {
  const { units, ok, failed, duration_ms } = call.summary;
  const accounts = new Set(call.results.map((r) => r.account_id)).size;
  const cached = call.results.filter((r) => r.cached).length;
  const ignored = call.results.filter((r) => r.ignored).length;
  const extra = [
    ...(cached > 0 ? [`${cached} cached`] : []),
    ...(ignored > 0 ? [`${ignored} ignored errors`] : []),
  ];
  return [
    `${call.tool}: ${plural(items, "item")} from ${plural(accounts, "account")}`,
    `${plural(units, "unit")}: ${ok} ok, ${failed} failed${extra.length ? `, ${extra.join(", ")}` : ""}`,
    `${duration_ms} ms`,
  ].join(" · ");
}

/** CSV output of `call`: one line per item with its account and region. Errors go elsewhere (stderr). */
export function renderCallCsv(call: CallResult): string {
  const rows = rowsOf(call);
  const unit: Column<Row>[] = [
    { header: "account_id", value: (r) => r.unit.account_id },
    { header: "account_name", value: (r) => r.unit.account_name },
    { header: "region", value: (r) => r.unit.region },
  ];
  return renderCsv(rows, [
    ...unit,
    ...fieldColumns(
      rows,
      unit.map((c) => c.header),
    ),
  ]);
}

/** Progress on stderr (TTY only): one line per account×region unit as it finishes. */
export function createProgress(write: (line: string) => void): NonNullable<InvokeOptions["onUnit"]> {
  return (event) => {
    if (event.phase !== "end" || !event.result) return;
    const r = event.result;
    const status = r.ok
      ? `${plural(unitItems(r).length, "item")}${r.cached ? " (cached)" : ""}${r.ignored ? " (error ignored)" : ""}${r.data?.not_found ? ` (no ${r.data.not_found.param} ${String(r.data.not_found.value)} here)` : ""}`
      : `${r.error?.code}`;
    write(`${r.ok ? "✓" : "✗"} ${event.account.name} ${event.region}: ${status} · ${r.duration_ms} ms\n`);
  };
}
