import type { ResultsSettings } from "../../config/types.ts";
import { createResultStore } from "../../results/store.ts";
import type { QueryResult, TableInfo } from "../../results/types.ts";
import type { CallResult } from "../../tools/types.ts";
import { type Column, type OutputFormat, renderCsv, renderJson, renderTable, renderYaml } from "../output.ts";

/** `call --sql` / `--db`: the call's rows are table `result`, its units table `units`. */
export const CALL_TABLES = { table: "result", units: "units" };

export interface CallSqlRequest {
  sql?: string;
  db?: string;
  format: OutputFormat;
  settings: ResultsSettings;
}

/** Stores the call, writes `--db` and runs `--sql`; returns what to print (stdout, stderr). */
export async function runCallSql(
  call: CallResult,
  request: CallSqlRequest,
): Promise<{ stdout?: string; stderr: string[] }> {
  // One call, asked for on purpose: it may use what all of serve's sessions together may hold.
  const store = createResultStore({ maxBytes: request.settings.max_total_bytes });
  try {
    const info = store.add(call, CALL_TABLES);
    const stderr: string[] = [];
    if (request.db) {
      store.saveTo(request.db);
      stderr.push(
        `tables ${info.name} (${info.stored_rows} rows) and ${info.units_table} written to ${request.db}`,
      );
    }
    if (info.stored_rows < info.rows) {
      stderr.push(
        `warning: only ${info.stored_rows} of ${info.rows} rows fit results.max_total_bytes: the table is incomplete`,
      );
    }
    if (!request.sql) return { stderr };
    const result = await store.query(request.sql, {
      maxRows: request.settings.max_rows,
      timeoutMs: request.settings.query_timeout_ms,
      maxChars: 50_000_000,
    });
    if (request.format === "csv") stderr.push(...csvNotes(result, info));
    return { stdout: renderRows(result, info, request.format), stderr };
  } finally {
    store.close();
  }
}

function failedLine(info: TableInfo): string | undefined {
  if (info.failed === 0) return undefined;
  return `WARNING: ${info.failed} of ${info.units} units failed: their rows are missing from this answer (see units where ok = 0)`;
}

/** The query's rows in the chosen format; every format says when units failed and when rows were capped. */
export function renderRows(result: QueryResult, info: TableInfo, format: OutputFormat): string {
  const capNote = result.truncated
    ? `only the first ${result.rows.length} rows are shown (results.max_rows = ${result.row_cap}); more exist`
    : undefined;
  if (format === "json" || format === "yaml") {
    const doc = {
      columns: result.columns,
      rows: result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]]))),
      row_count: result.rows.length,
      row_cap: result.row_cap,
      truncated: result.truncated,
      units: { total: info.units, failed: info.failed },
      failed_units: info.failed_units,
      ...(info.stored_rows < info.rows
        ? { incomplete_table: { stored_rows: info.stored_rows, rows: info.rows } }
        : {}),
      ...(capNote ? { note: capNote } : {}),
    };
    return format === "json" ? renderJson(doc) : renderYaml(doc);
  }
  const columns: Column<unknown[]>[] = result.columns.map((header, i) => ({ header, value: (r) => r[i] }));
  if (format === "csv") return renderCsv(result.rows, columns);
  const out = [result.rows.length > 0 ? renderTable(result.rows, columns) : "No rows.", ""];
  out.push(`${result.rows.length} row${result.rows.length === 1 ? "" : "s"} · ${result.duration_ms} ms`);
  if (capNote) out.push(capNote);
  const failed = failedLine(info);
  if (failed) {
    out.push("", failed);
    out.push(
      renderTable(info.failed_units, [
        { header: "account", value: (u) => u.account_name },
        { header: "account id", value: (u) => u.account_id },
        { header: "region", value: (u) => u.region },
        { header: "code", value: (u) => u.code },
        { header: "message", value: (u) => u.message },
      ]),
    );
  }
  return out.join("\n");
}

/** CSV keeps stdout to rows: failures and the cap go to stderr. */
function csvNotes(result: QueryResult, info: TableInfo): string[] {
  const notes = info.failed_units.map((u) => `error ${u.account_name} ${u.region} ${u.code}: ${u.message}`);
  const failed = failedLine(info);
  if (failed) notes.unshift(failed);
  if (result.truncated)
    notes.push(`only the first ${result.rows.length} rows (results.max_rows = ${result.row_cap})`);
  return notes;
}
