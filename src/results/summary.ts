import type { CallResult } from "../tools/types.ts";
import { cellOf, UNIT_COLUMNS } from "./columns.ts";
import type { QueryResult, TableInfo } from "./types.ts";

type Json = Record<string, unknown>;

/** Longest text of one cell in the preview rows. */
const CELL_CHARS = 200;

const short = (value: unknown) =>
  typeof value === "string" && value.length > CELL_CHARS ? `${value.slice(0, CELL_CHARS)}…` : value;

/** The first `n` rows of a call as the table holds them (nested values as JSON text). */
function firstRows(call: CallResult, info: TableInfo, n: number): unknown[][] {
  const rows: unknown[][] = [];
  for (const unit of call.results) {
    if (!unit.ok) continue;
    for (const item of unit.data.items) {
      if (rows.length >= n) return rows;
      rows.push([
        unit.account_id,
        unit.account_name,
        unit.region,
        ...info.columns.map((c) => short(cellOf(item, c))),
      ]);
    }
  }
  return rows;
}

function failedNote(info: TableInfo): string {
  if (info.failed === 0) return "Every unit answered.";
  return (
    `${info.failed} of ${info.units} units FAILED (listed in failed_units; ok = 0 in ${info.units_table}): ` +
    "their resources are missing. Name those accounts and regions in the answer; never count them as zero."
  );
}

/** Units where the named parent (a cluster) does not exist: answers, not failures. */
function notFoundNote(call: CallResult, info: TableInfo): string[] {
  const n = call.results.filter((u) => u.ok && u.data.not_found).length;
  if (n === 0) return [];
  return [
    `In ${n} unit${n === 1 ? "" : "s"} the named parent does not exist (not_found in ${info.units_table}): say it is not there, not that it failed.`,
  ];
}

/**
 * What the model gets for a result too large to send whole: where the rows are, what they look like,
 * how many each account returned, which units failed, and how to ask for more. Lists are cut (and
 * say so) only if the summary itself would pass `maxChars`.
 */
export function summarizeCall(call: CallResult, info: TableInfo, maxChars: number, preview: number): Json {
  const perAccount = info.per_account.map((a) => [a.account_name, a.account_id, a.rows, a.failed_units]);
  const cut = info.stored_rows < info.rows;
  const build = (previewRows: number, accounts: number, failures: number): Json => ({
    tool: call.tool,
    args: call.args,
    summary: call.summary,
    table: info.name,
    units_table: info.units_table,
    columns: [...UNIT_COLUMNS.map((c) => `${c} TEXT`), ...info.columns.map((c) => `${c.name} ${c.type}`)],
    rows: info.rows,
    ...(cut ? { stored_rows: info.stored_rows } : {}),
    rows_per_account: {
      columns: ["account_name", "account_id", "rows", "failed_units"],
      rows: perAccount.slice(0, accounts),
      ...(accounts < perAccount.length ? { omitted: perAccount.length - accounts } : {}),
    },
    failed_units: info.failed_units.slice(0, failures),
    ...(failures < info.failed_units.length
      ? { failed_units_omitted: info.failed_units.length - failures }
      : {}),
    first_rows: firstRows(call, info, previewRows),
    note: [
      `This result has ${info.rows} rows: too many to show. All of them are in table ${info.name}` +
        (cut ? ` (only ${info.stored_rows} fit the session's results.max_session_bytes: say so)` : "") +
        `; one row per account×region unit is in ${info.units_table} (ok, error_code, error_message, rows).`,
      "Answer counts, sums, groupings, top-N and comparisons with the query_results tool (one SQL SELECT); " +
        "nested values are JSON text (json_extract, json_each).",
      failedNote(info),
      ...notFoundNote(call, info),
      ...(info.truncated_units > 0
        ? [
            `${info.truncated_units} units returned only part of their items (truncated = 1 in ${info.units_table}).`,
          ]
        : []),
    ].join(" "),
  });
  let previewRows = preview;
  let accounts = perAccount.length;
  let failures = info.failed_units.length;
  let summary = build(previewRows, accounts, failures);
  while (JSON.stringify(summary).length > maxChars && (previewRows > 0 || accounts > 10 || failures > 10)) {
    if (previewRows > 0) previewRows = Math.floor(previewRows / 2);
    else if (accounts > 10) accounts = Math.max(10, Math.floor(accounts / 2));
    else failures = Math.max(10, Math.floor(failures / 2));
    summary = build(previewRows, accounts, failures);
  }
  return summary;
}

/** A query's rows as the model (and `ask --output json`) gets them, with the cap and any failed units. */
export function describeQuery(sql: string, result: QueryResult, tables: TableInfo[]): Json {
  const words = new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const used = tables.filter(
    (t) => words.has(t.name.toLowerCase()) || words.has(t.units_table.toLowerCase()),
  );
  const failed = used.flatMap((t) => t.failed_units.map((u) => ({ table: t.name, ...u })));
  const cutTables = used.filter((t) => t.stored_rows < t.rows).map((t) => t.name);
  return {
    columns: result.columns,
    rows: result.rows,
    row_count: result.rows.length,
    row_cap: result.row_cap,
    truncated: result.truncated,
    ...(result.truncated
      ? {
          note: `Only the first ${result.rows.length} rows are shown (at most ${result.row_cap} rows and the character budget per result); more exist. Aggregate, select fewer columns, or add LIMIT.`,
        }
      : {}),
    ...(failed.length > 0
      ? {
          failed_units: failed.slice(0, 50),
          failed_note: `${failed.length} unit${failed.length === 1 ? "" : "s"} of the queried tables FAILED: their resources are not in these rows. Say so.`,
        }
      : {}),
    ...(cutTables.length > 0 ? { incomplete_tables: cutTables } : {}),
  };
}
