import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isOpsError } from "../../src/errors.ts";
import { checkSql } from "../../src/results/sql-guard.ts";
import { createResultStore } from "../../src/results/store.ts";
import type { CallResult, UnitResult } from "../../src/tools/types.ts";

const unit = (i: number, items: unknown[]): UnitResult => ({
  account_id: String(100000000000 + i),
  account_name: `acct-${i}`,
  region: "us-east-1",
  ok: true,
  data: { items, truncated: false },
  duration_ms: 1,
});

const call = (results: UnitResult[]): CallResult => ({
  tool: "things",
  args: {},
  results,
  status: "ok",
  summary: { units: results.length, ok: results.length, failed: 0, duration_ms: 1 },
});

const store = createResultStore({ maxBytes: 64 << 20 });
afterAll(() => store.close());
// 3,000 rows: a three-way join without a condition is 2.7e10 row combinations.
store.add(
  call(
    Array.from({ length: 3 }, (_, i) =>
      unit(
        i,
        Array.from({ length: 1000 }, (_, j) => ({ n: j })),
      ),
    ),
  ),
);
const limits = { maxRows: 50, timeoutMs: 1500, maxChars: 100_000 };
const marker = join(tmpdir(), `ops-agent-hostile-${process.pid}`);

async function outcome(sql: string): Promise<string> {
  try {
    await store.query(sql, limits);
    return "ran";
  } catch (error) {
    if (isOpsError(error)) return error.code;
    throw error;
  }
}

describe("query_results SQL is read-only by construction", () => {
  const refused = [
    "INSERT INTO things_1 (n) VALUES (1)",
    "UPDATE things_1 SET n = 0",
    "DELETE FROM things_1",
    "REPLACE INTO things_1 (n) VALUES (1)",
    "CREATE TABLE x (a)",
    "CREATE TEMP TABLE x (a)",
    "CREATE TEMP VIEW v AS SELECT 1",
    "DROP TABLE things_1",
    "ALTER TABLE things_1 ADD COLUMN z",
    "WITH x AS (SELECT 1) INSERT INTO things_1 (n) SELECT * FROM x",
    "WITH x AS (SELECT 1) UPDATE things_1 SET n = 2",
    "WITH x AS (SELECT 1) DELETE FROM things_1",
    "WITH x AS (SELECT 1) REPLACE INTO things_1 (n) VALUES (3)",
    `ATTACH '${marker}' AS x`,
    "ATTACH ':memory:' AS m",
    "DETACH m",
    "PRAGMA query_only = 0",
    "PRAGMA writable_schema = 1",
    "pragma journal_mode = delete",
    "SELECT * FROM pragma_table_info('things_1'); PRAGMA query_only = 0",
    "SELECT load_extension('/tmp/evil')",
    "SELECT LOAD_EXTENSION ('/tmp/evil', 'init')",
    "SELECT 1; DELETE FROM things_1",
    "SELECT 1;;DELETE FROM things_1",
    "SELECT ';' AS s; DELETE FROM things_1",
    "SELECT 'it''s'; DELETE FROM things_1",
    "SELECT 1 /* ; */; DROP TABLE things_1",
    "SELECT 1 -- ;\n; DROP TABLE things_1",
    'SELECT "a;b" FROM things_1; DELETE FROM things_1',
    "VACUUM",
    `VACUUM INTO '${marker}'`,
    "REINDEX",
    "ANALYZE",
    "BEGIN",
    "COMMIT",
    "SAVEPOINT s",
    "ROLLBACK",
    "EXPLAIN DELETE FROM things_1",
    "SELECT zeroblob(1000000000)",
    "SELECT randomblob(1000000000)",
    "   ",
    "SELECT 'unterminated",
    "SELECT * FROM no_such_table",
    "SELECT n, n FROM things_1",
  ];
  for (const sql of refused) {
    test(`refused with E_VALIDATION: ${JSON.stringify(sql)}`, async () => {
      expect(await outcome(sql)).toBe("E_VALIDATION");
    });
  }

  const runaway = [
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
    "WITH c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
    "SELECT count(*) FROM things_1 a, things_1 b, things_1 c",
    "SELECT a.n FROM things_1 a, things_1 b, things_1 c ORDER BY a.n + b.n + c.n DESC LIMIT 1",
  ];
  for (const sql of runaway) {
    test(`stopped by the time limit (E_TIMEOUT): ${sql.slice(0, 60)}`, async () => {
      expect(await outcome(sql)).toBe("E_TIMEOUT");
    });
  }

  test("a bomb that yields rows is cut at the row cap, and says so", async () => {
    const r = await store.query(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
      limits,
    );
    expect(r.rows).toHaveLength(50);
    expect(r.truncated).toBe(true);
    expect(r.row_cap).toBe(50);
  });

  test("after the corpus the data is untouched and no file was written", async () => {
    const r = await store.query("SELECT count(*), sum(n) FROM things_1", limits);
    expect(r.rows).toEqual([[3000, 3 * 499500]]);
    expect(existsSync(marker)).toBe(false);
    expect(store.tables().map((t) => t.name)).toEqual(["things_1"]);
  });

  test("reads that look like writes in strings or identifiers are allowed", async () => {
    const r = await store.query("SELECT 'DELETE FROM x; DROP' AS word, 'a''b' AS q", limits);
    expect(r.rows).toEqual([["DELETE FROM x; DROP", "a'b"]]);
    const pragma = await store.query("SELECT name FROM pragma_table_info('things_1') ORDER BY cid", limits);
    expect(pragma.rows.map((x) => x[0])).toEqual(["account_id", "account_name", "region", "n"]);
    expect(checkSql("SELECT 1;  -- done\n")).toBe("SELECT 1");
  });
});
