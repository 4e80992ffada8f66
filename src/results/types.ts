import type { CallResult } from "../tools/types.ts";
import type { Column, SqlValue } from "./columns.ts";

/** One stored tool call: its rows table and its units table. */
export interface TableInfo {
  /** Rows: `account_id`, `account_name`, `region` + the tool's output fields. */
  name: string;
  /** Units: one row per account×region, ok or not (always joinable on account_id, region). */
  units_table: string;
  tool: string;
  args: Record<string, unknown>;
  columns: Column[];
  /** Rows the tool returned. */
  rows: number;
  /** Rows in the table: fewer than `rows` only when the session's byte bound cut the table. */
  stored_rows: number;
  units: number;
  failed: number;
  /** Rows per account, every account of the call (0 for accounts that answered nothing or failed). */
  per_account: Array<{ account_id: string; account_name: string; rows: number; failed_units: number }>;
  failed_units: Array<{
    account_id: string;
    account_name: string;
    region: string;
    code: string;
    message: string;
  }>;
  /** Units whose own results were cut by the tool (more items exist in AWS than it returned). */
  truncated_units: number;
}

/** Limits of one query. */
export interface QueryLimits {
  /** Rows returned at most; more are left out and `truncated` says so. */
  maxRows: number;
  /** Milliseconds before the query is stopped (E_TIMEOUT). */
  timeoutMs: number;
  /** Characters of returned rows (as JSON) at most. */
  maxChars: number;
}

export interface QueryResult {
  columns: string[];
  rows: SqlValue[][];
  /** True when rows were left out (row cap or character cap). */
  truncated: boolean;
  /** The row cap in force. */
  row_cap: number;
  duration_ms: number;
}

/** The results database of one session (or one `call`). */
export interface ResultStore {
  /** Stores a call's rows and units; names the tables `<tool>_<n>` (or `names` when given). */
  add(call: CallResult, names?: { table: string; units: string }): TableInfo;
  tables(): TableInfo[];
  /** One read-only statement, run in a child process under the limits. */
  query(sql: string, limits: QueryLimits): Promise<QueryResult>;
  /** Bytes the database holds now. */
  bytes(): number;
  /** Writes the tables to a SQLite file (`call --db`). */
  saveTo(file: string): void;
  close(): void;
}
