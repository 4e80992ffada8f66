import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCli } from "../helpers/spawn-cli.ts";

// `call --sql` / `--db` against the sandbox organization, from source and from the compiled binary (whose
// query process is the binary itself). The sandbox's SCP denies Lambda to staging in eu-west-1.
const dir = mkdtempSync(join(tmpdir(), "ops-call-sql-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PER_ACCOUNT = "SELECT account_name, count(*) AS n FROM result GROUP BY 1 ORDER BY 1";

const call = (args: string[], binary = false) =>
  spawnCli(["call", "lambda_list_functions", "--sandbox", ...args], { binary });

describe("ops-agent call --sql", () => {
  test("table output: the query's rows, then the failed units (exit 3)", async () => {
    const r = await call(["--sql", PER_ACCOUNT]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^ACCOUNT_NAME\s+N\n/);
    expect(r.stdout).toMatch(/\nproduction\s+\d+\n/);
    expect(r.stdout).toContain("WARNING: 1 of 9 units failed: their rows are missing from this answer");
    expect(r.stdout).toMatch(/staging\s+\d{12}\s+eu-west-1\s+E_AWS_ACCESS_DENIED/);
  });

  test("json output: rows as objects, the cap, the units and the failed ones", async () => {
    const r = await call(["--sql", PER_ACCOUNT, "--output", "json"]);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.columns).toEqual(["account_name", "n"]);
    expect(doc.rows.map((x: { account_name: string }) => x.account_name)).toEqual([
      "data",
      "development",
      "production",
      "staging",
    ]);
    expect(doc).toMatchObject({ row_cap: 200, truncated: false, units: { total: 9, failed: 1 } });
    expect(doc.failed_units).toMatchObject([{ account_name: "staging", region: "eu-west-1" }]);
  });

  test("csv output keeps stdout to rows; the failures go to stderr", async () => {
    const r = await call(["--sql", PER_ACCOUNT, "--output", "csv"]);
    expect(r.stdout.split("\n")[0]).toBe("account_name,n");
    expect(r.stdout).not.toContain("WARNING");
    expect(r.stderr).toContain("WARNING: 1 of 9 units failed");
    expect(r.stderr).toContain("error staging eu-west-1 E_AWS_ACCESS_DENIED");
  });

  test("the units table joins: every account is listed, the failed one with its error", async () => {
    const sql =
      "SELECT u.account_name, u.region, u.ok, u.error_code, count(r.account_id) AS n FROM units u " +
      "LEFT JOIN result r USING (account_id, region) GROUP BY 1, 2 ORDER BY 1, 2";
    const doc = JSON.parse((await call(["--sql", sql, "--output", "json"])).stdout);
    expect(doc.rows).toHaveLength(9);
    expect(doc.rows.filter((x: { ok: number }) => x.ok === 0)).toEqual([
      { account_name: "staging", region: "eu-west-1", ok: 0, error_code: "E_AWS_ACCESS_DENIED", n: 0 },
    ]);
  });

  test("a write is refused with E_VALIDATION before anything runs", async () => {
    const r = await call(["--sql", "DELETE FROM result"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("E_VALIDATION");
  });

  test("--db writes the tables to a SQLite file", async () => {
    const file = join(dir, "lambda.db");
    const r = await call(["--db", file, "--output", "json"]);
    expect(r.stderr).toContain(`written to ${file}`);
    expect(JSON.parse(r.stdout).tool).toBe("lambda_list_functions"); // the normal output still prints
    const db = new Database(file, { readonly: true });
    expect(db.query("SELECT count(*) AS n FROM units").get()).toEqual({ n: 9 });
    expect((db.query("SELECT count(*) AS n FROM result").get() as { n: number }).n).toBeGreaterThan(0);
    expect(db.query("SELECT name, rows FROM result_tables").all()).toMatchObject([{ name: "result" }]);
    db.close();
  });

  test("the compiled binary runs the query in itself", async () => {
    const r = await call(["--sql", PER_ACCOUNT, "--output", "json"], true);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).columns).toEqual(["account_name", "n"]);
  }, 120_000);
});
