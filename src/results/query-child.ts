/**
 * The process a query runs in (`runQuery` spawns it): reads the limits, the SQL and a serialized copy of
 * the results database from stdin, opens the copy read-only, runs the one statement and writes
 * `{columns, rows, truncated}` (or `{error}`) as JSON to stdout. A separate process because SQLite
 * offers Bun no interrupt: a recursive CTE or a cartesian join that yields no row for minutes is
 * stopped only by killing the process that runs it (a Worker's terminate() leaves SQLite spinning).
 */
import { Database } from "bun:sqlite";
import { checkPrepared, checkSql } from "./sql-guard.ts";

export const QUERY_CHILD_ARG = "__query-results";

interface Header {
  sql: string;
  maxRows: number;
  maxChars: number;
}

function cell(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<blob ${value.byteLength} bytes>`;
  if (typeof value === "bigint") return Number(value);
  return value;
}

function run(input: Uint8Array): Record<string, unknown> {
  const length = new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(input.subarray(4, 4 + length))) as Header;
  const db = Database.deserialize(input.subarray(4 + length), { readonly: true });
  // Defence in depth: the copy is read-only, the connection refuses writes, the statement is checked again.
  db.run("PRAGMA query_only = 1");
  const stmt = db.prepare(checkSql(header.sql));
  checkPrepared(stmt);
  const columns = stmt.columnNames;
  const rows: unknown[][] = [];
  let chars = 0;
  let truncated = false;
  for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
    if (rows.length >= header.maxRows) {
      truncated = true;
      break;
    }
    const values = columns.map((c) => cell(row[c]));
    chars += JSON.stringify(values).length + 1;
    if (chars > header.maxChars) {
      truncated = true;
      break;
    }
    rows.push(values);
  }
  return { columns, rows, truncated };
}

export async function runQueryChild(): Promise<void> {
  let out: Record<string, unknown>;
  try {
    out = run(await Bun.stdin.bytes());
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    out = { error: { code: typeof e.code === "string" ? e.code : "", message: String(e.message ?? error) } };
  }
  process.stdout.write(JSON.stringify(out));
}

if (import.meta.main) await runQueryChild();
