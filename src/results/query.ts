import type { Database } from "bun:sqlite";
import { OpsError } from "../errors.ts";
import { QUERY_CHILD_ARG } from "./query-child.ts";
import { checkPrepared, checkSql } from "./sql-guard.ts";
import type { QueryLimits, QueryResult } from "./types.ts";

/** Query processes running at once, process-wide (each holds a copy of its session's database). */
const MAX_CHILDREN = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** In the compiled binary, modules live under `/$bunfs/` and the binary runs the child itself. */
function childCommand(): string[] {
  const compiled = import.meta.path.startsWith("/$bunfs/") || import.meta.path.includes("~BUN");
  return compiled
    ? [process.execPath, QUERY_CHILD_ARG]
    : [process.execPath, new URL("./query-child.ts", import.meta.url).pathname];
}

/** Checks the statement on the writer connection without running it: fast E_VALIDATION, no child. */
function validate(db: Database, sql: string): string {
  const statement = checkSql(sql);
  let stmt: ReturnType<Database["prepare"]>;
  try {
    stmt = db.prepare(statement);
  } catch (error) {
    throw new OpsError("E_VALIDATION", `SQL error: ${(error as Error).message}`, {
      hint: "the tables are listed in result_tables (SELECT name, units_table, tool FROM result_tables)",
    });
  }
  try {
    checkPrepared(stmt);
  } finally {
    stmt.finalize();
  }
  return statement;
}

/**
 * Runs one read-only statement over a serialized copy of `db` in a child process, so a runaway
 * query is stopped by killing it after `timeoutMs`, and the caller's event loop (serve's /ping)
 * never waits on SQLite. Rows beyond `maxRows` (or `maxChars` of JSON) are left out and flagged.
 */
export async function runQuery(db: Database, sql: string, limits: QueryLimits): Promise<QueryResult> {
  const started = performance.now();
  const statement = validate(db, sql);
  const header = new TextEncoder().encode(
    JSON.stringify({ sql: statement, maxRows: limits.maxRows, maxChars: limits.maxChars }),
  );
  const release = await slot();
  const image = db.serialize();
  // No environment: the child needs nothing from it, and the caller's shell may hold AWS keys.
  const child = Bun.spawn(childCommand(), { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: {} });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, limits.timeoutMs);
  try {
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, header.byteLength, true);
    child.stdin.write(length);
    child.stdin.write(header);
    child.stdin.write(image);
    await child.stdin.end();
    const [text, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    if (timedOut) {
      throw new OpsError(
        "E_TIMEOUT",
        `the query ran longer than ${limits.timeoutMs} ms and was stopped (results.query_timeout_ms)`,
        { hint: "aggregate (GROUP BY, count), filter with WHERE, avoid joins without a join condition" },
      );
    }
    const out = parseOutput(text, code);
    return { ...out, row_cap: limits.maxRows, duration_ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (timedOut && !(error instanceof OpsError && error.code === "E_TIMEOUT")) {
      throw new OpsError("E_TIMEOUT", `the query ran longer than ${limits.timeoutMs} ms and was stopped`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill("SIGKILL");
    release();
  }
}

function parseOutput(text: string, code: number): Omit<QueryResult, "row_cap" | "duration_ms"> {
  let out: {
    columns?: string[];
    rows?: QueryResult["rows"];
    truncated?: boolean;
    error?: { code: string; message: string };
  };
  try {
    out = JSON.parse(text);
  } catch {
    throw new OpsError("E_INTERNAL", `the query process ended without an answer (exit ${code})`);
  }
  if (out.error) {
    // The child re-checks the statement and runs it: what fails there is the query's fault.
    throw new OpsError("E_VALIDATION", `SQL error: ${out.error.message}`);
  }
  return { columns: out.columns ?? [], rows: out.rows ?? [], truncated: out.truncated === true };
}
