import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCliContext } from "../../src/cli/context.ts";
import { createRuntime, type Runtime } from "../../src/cli/runtime.ts";
import { createResultStore } from "../../src/results/store.ts";
import type { ResultStore } from "../../src/results/types.ts";
import type { CallResult } from "../../src/tools/types.ts";

// Every built-in tool run for real against the sandbox organization (STS + SigV4 MCP endpoint in-process),
// stored as tables, then read back with SQL: nested values, tags, empty results and failed units.
let runtime: Runtime;
let store: ResultStore;
const calls = new Map<string, CallResult>();

/** Arguments for tools that need one, taken from the listing tool's first item. */
const needs: Record<string, { from: string; arg: string; field: string }> = {
  ecs_describe_services: { from: "ecs_describe_clusters", arg: "cluster", field: "name" },
  ecs_describe_tasks: { from: "ecs_describe_clusters", arg: "cluster", field: "name" },
  eks_describe_nodegroups: { from: "eks_describe_clusters", arg: "cluster_name", field: "name" },
  eks_describe_addons: { from: "eks_describe_clusters", arg: "cluster_name", field: "name" },
  eks_describe_fargate_profiles: { from: "eks_describe_clusters", arg: "cluster_name", field: "name" },
  lambda_get_function_configuration: { from: "lambda_list_functions", arg: "function_name", field: "name" },
};

beforeAll(async () => {
  runtime = await createRuntime(await createCliContext({ sandbox: true, "log-level": "error" }));
  store = createResultStore({ maxBytes: 64 << 20 });
});
afterAll(async () => {
  store.close();
  await runtime.close();
});

async function run(tool: string): Promise<CallResult> {
  const need = needs[tool];
  // aws_read needs an operation: one the sandbox simulates.
  let args: Record<string, unknown> =
    tool === "aws_read" ? { service: "ec2", operation: "DescribeInstances" } : {};
  let accounts: string[] = ["all"];
  if (need) {
    const source = calls.get(need.from) ?? (await run(need.from));
    const unit = source.results.find((u) => u.ok && (u.data as { items: unknown[] }).items.length > 0)!;
    const item = (unit.data as { items: Array<Record<string, unknown>> }).items[0]!;
    args = { [need.arg]: item[need.field] };
    accounts = [unit.account_id];
  }
  const result = await runtime.executor.invoke(tool, { ...args, accounts }, { noCache: true });
  calls.set(tool, result);
  return result;
}

const q = (sql: string) => store.query(sql, { maxRows: 1000, timeoutMs: 10_000, maxChars: 5_000_000 });

describe("result tables for every built-in tool (sandbox, real protocols)", () => {
  test("each call becomes a rows table and a units table; row counts and units match the call", async () => {
    const names = runtime.executor
      .specs()
      .map((s) => s.name)
      .filter((n) => n !== "query_results");
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const call = await run(name);
      const info = store.add(call);
      const items = call.results.reduce(
        (n, u) => n + ((u.data as { items?: unknown[] })?.items?.length ?? 0),
        0,
      );
      expect({ name, rows: info.rows, stored: info.stored_rows }).toEqual({
        name,
        rows: items,
        stored: items,
      });
      const counted = await q(`SELECT count(*) FROM "${info.name}"`);
      expect(counted.rows[0]![0]).toBe(items);
      const units = await q(`SELECT count(*), sum(ok = 0) FROM "${info.units_table}"`);
      expect(units.rows[0]).toEqual([call.results.length, call.summary.failed]);
      // Every column of the table holds what the items hold: nested values as JSON text.
      expect(info.columns.every((c) => c.type !== "JSON" || typeof c.field === "string")).toBe(true);
    }
    const catalog = await q("SELECT count(*) FROM result_tables");
    expect(catalog.rows[0]![0]).toBe(names.length);
  }, 120_000);

  test("nested values and tags are JSON text SQLite's JSON functions read", async () => {
    const info = store.tables().find((t) => t.tool === "ec2_describe_security_groups")!;
    const nested = info.columns.filter((c) => c.type === "JSON").map((c) => c.name);
    expect(nested.length).toBeGreaterThan(0);
    const column = nested[0]!;
    const rows = await q(
      `SELECT count(*) FROM "${info.name}" WHERE json_valid("${column}") AND json_type("${column}") IN ('array', 'object')`,
    );
    expect(rows.rows[0]![0]).toBeGreaterThan(0);
    const tagged = store.tables().find((t) => t.columns.some((c) => c.name === "tags" && c.type === "JSON"));
    if (tagged) {
      const tags = await q(`SELECT count(*) FROM "${tagged.name}", json_each("${tagged.name}".tags)`);
      expect(tags.rows[0]![0]).toBeGreaterThanOrEqual(0);
    }
  });

  test("a per-account count from the units table lists every account, failed ones as failed, not zero", async () => {
    // The sandbox's SCP denies Lambda to staging in eu-west-1: a real failed unit.
    const info = store.tables().find((t) => t.tool === "lambda_list_functions")!;
    expect(info.failed_units).toMatchObject([
      { account_name: "staging", region: "eu-west-1", code: "E_AWS_ACCESS_DENIED" },
    ]);
    const perAccount = await q(
      `SELECT u.account_name, min(u.ok) AS all_ok, count(r.account_id) AS n FROM "${info.units_table}" u ` +
        `LEFT JOIN "${info.name}" r USING (account_id, region) GROUP BY 1 ORDER BY 1`,
    );
    const call = calls.get("lambda_list_functions")!;
    const accounts = new Set(call.results.map((u) => u.account_name));
    expect(perAccount.rows.map((r) => r[0])).toEqual([...accounts].sort());
    for (const row of perAccount.rows) {
      const units = call.results.filter((u) => u.account_name === row[0]);
      expect(row[1]).toBe(units.every((u) => u.ok) ? 1 : 0);
    }
    expect(perAccount.rows.find((r) => r[0] === "staging")![1]).toBe(0);
  });

  test("an empty result is a table with its columns unknown but its units present", async () => {
    const call = await runtime.executor.invoke(
      "ec2_describe_instances",
      { instance_ids: ["i-00000000000000000"], accounts: ["all"] },
      { noCache: true },
    );
    const info = store.add(call);
    expect(info.rows).toBe(0);
    expect(info.columns).toEqual([]);
    const units = await q(`SELECT count(*) FROM "${info.units_table}"`);
    expect(units.rows[0]![0]).toBe(call.results.length);
  });
});
