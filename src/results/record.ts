import type { CallResult } from "../tools/types.ts";
import { cellOf, inferColumns, UNIT_COLUMNS } from "./columns.ts";
import type { QueryResult, ResultStore, TableInfo } from "./types.ts";

/** The data behind one tool call of an answer (`ask --output json`): arguments, units, rows (capped). */
export interface ToolCallData {
  args: Record<string, unknown>;
  units: Array<{
    account_id: string;
    account_name: string;
    region: string;
    ok: boolean;
    error?: { code: string; message: string };
  }>;
  rows: { columns: string[]; rows: unknown[][]; total: number; cap: number; truncated: boolean };
  /** The result tables of the call (absent for query_results itself). */
  table?: { name: string; units_table: string; rows: number };
}

/** A tool call's data with at most `cap` rows; `info` names its tables (none when it was not stored). */
export function callData(call: CallResult, info: TableInfo | undefined, cap: number): ToolCallData {
  const columns = info?.columns ?? inferColumns(call.results.flatMap((u) => (u.ok ? u.data.items : [])));
  const total = call.results.reduce((n, u) => n + (u.ok ? u.data.items.length : 0), 0);
  const rows: unknown[][] = [];
  for (const unit of call.results) {
    if (!unit.ok) continue;
    for (const item of unit.data.items) {
      if (rows.length >= cap) break;
      rows.push([unit.account_id, unit.account_name, unit.region, ...columns.map((c) => cellOf(item, c))]);
    }
  }
  return {
    args: call.args,
    units: call.results.map((u) => ({
      account_id: u.account_id,
      account_name: u.account_name,
      region: u.region,
      ok: u.ok,
      ...(u.ok || !u.error ? {} : { error: { code: String(u.error.code), message: u.error.message } }),
    })),
    rows: {
      columns: [...UNIT_COLUMNS, ...columns.map((c) => c.name)],
      rows,
      total,
      cap,
      truncated: total > rows.length,
    },
    ...(info ? { table: { name: info.name, units_table: info.units_table, rows: info.rows } } : {}),
  };
}

/** A query_results call's data: its SQL and the rows it returned (already capped by the query). */
export function queryData(sql: string, result: QueryResult): ToolCallData {
  return {
    args: { sql },
    units: [],
    rows: {
      columns: result.columns,
      rows: result.rows,
      total: result.rows.length,
      cap: result.row_cap,
      truncated: result.truncated,
    },
  };
}

/** The tables of a store with their row counts (`AgentAnswer.tables`). */
export function tableList(store: ResultStore) {
  return store.tables().map((t) => ({
    name: t.name,
    units_table: t.units_table,
    tool: t.tool,
    rows: t.rows,
    units: t.units,
    failed: t.failed,
  }));
}
