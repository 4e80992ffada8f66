import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionMemory } from "../../src/agent/memory.ts";
import { toolResultBlock } from "../../src/agent/tool-result.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import { cellOf, inferColumns } from "../../src/results/columns.ts";
import { createResultSessions } from "../../src/results/sessions.ts";
import { createResultStore } from "../../src/results/store.ts";
import type { CallResult, UnitResult } from "../../src/tools/types.ts";

const ok = (i: number, items: unknown[], region = "us-east-1"): UnitResult => ({
  account_id: String(100000000000 + i),
  account_name: `acct-${i}`,
  region,
  ok: true,
  data: { items, truncated: false },
  duration_ms: 1,
});
const failed = (i: number, code = "E_AWS_ACCESS_DENIED"): UnitResult => ({
  account_id: String(100000000000 + i),
  account_name: `acct-${i}`,
  region: "us-east-1",
  ok: false,
  error: { code, message: "explicit deny", retryable: false },
  duration_ms: 1,
});
const call = (results: UnitResult[], tool = "things"): CallResult => {
  const bad = results.filter((r) => !r.ok).length;
  return {
    tool,
    args: {},
    results,
    status: bad === 0 ? "ok" : bad === results.length ? "failed" : "partial",
    summary: { units: results.length, ok: results.length - bad, failed: bad, duration_ms: 1 },
  };
};
const limits = { maxRows: 100, timeoutMs: 5000, maxChars: 100_000 };

describe("columns", () => {
  test("scalars are columns, nested values JSON text, booleans 0/1, unit column names are kept free", () => {
    const items = [
      { id: "a", size: 8, ratio: 1, on: true, tags: [{ Key: "env", Value: "prod" }], region: "x" },
      { id: "b", size: 9, ratio: 1.5, on: false, extra: { deep: [1] } },
    ];
    const columns = inferColumns(items);
    expect(columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      "id:TEXT",
      "size:INTEGER",
      "ratio:REAL",
      "on:BOOLEAN",
      "tags:JSON",
      "item_region:TEXT",
      "extra:JSON",
    ]);
    const tags = columns.find((c) => c.name === "tags")!;
    expect(cellOf(items[0], tags)).toBe('[{"Key":"env","Value":"prod"}]');
    expect(cellOf(items[1], tags)).toBeNull();
    expect(cellOf(items[0], columns.find((c) => c.name === "on")!)).toBe(1);
    expect(inferColumns(["x", 1]).map((c) => `${c.name}:${c.type}`)).toEqual(["value:ANY"]);
  });
});

describe("result store", () => {
  test("failed units are in the units table and the per-account counts; empty units count zero rows", async () => {
    const store = createResultStore({ maxBytes: 64 << 20 });
    const info = store.add(call([ok(1, [{ n: 1 }, { n: 2 }]), ok(2, []), failed(3)]));
    expect(info.per_account.map((a) => [a.account_name, a.rows, a.failed_units])).toEqual([
      ["acct-1", 2, 0],
      ["acct-2", 0, 0],
      ["acct-3", 0, 1],
    ]);
    const r = await store.query(
      "SELECT u.account_name, u.ok, u.error_code, count(t.n) FROM things_1_units u LEFT JOIN things_1 t USING (account_id, region) GROUP BY 1 ORDER BY 1",
      limits,
    );
    expect(r.rows).toEqual([
      ["acct-1", 1, null, 2],
      ["acct-2", 1, null, 0],
      ["acct-3", 0, "E_AWS_ACCESS_DENIED", 0],
    ]);
    store.close();
  });

  test("a named parent a unit lacks is in the units table's not_found and the summary, not among failures", async () => {
    const store = createResultStore({ maxBytes: 64 << 20 });
    const absent: UnitResult = {
      ...(ok(2, []) as Extract<UnitResult, { ok: true }>),
      data: {
        items: [],
        truncated: false,
        not_found: { param: "cluster", value: "prod-web", code: "ClusterNotFoundException", message: "gone" },
      },
    };
    const result = call([
      ok(
        1,
        Array.from({ length: 50 }, (_, n) => ({ n, pad: "x".repeat(100) })),
      ),
      absent,
    ]);
    const info = store.add(result);
    expect(info.failed).toBe(0);
    const r = await store.query("SELECT account_name, ok, not_found FROM things_1_units ORDER BY 1", limits);
    expect(r.rows).toEqual([
      ["acct-1", 1, null],
      ["acct-2", 1, "cluster=prod-web (ClusterNotFoundException)"],
    ]);
    const summary = toolResultBlock(result, info, 3000, 2).json as Record<string, unknown>;
    expect(String(summary.note)).toContain(
      "In 1 unit the named parent does not exist (not_found in things_1_units)",
    );
    store.close();
  });

  test("the byte bound drops older tables first, then cuts the newest and says how many rows it kept", () => {
    const store = createResultStore({ maxBytes: 2 << 20 });
    const big = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, pad: "x".repeat(200) }));
    const first = store.add(call([ok(1, big(3000))]));
    expect(first.stored_rows).toBe(3000);
    const second = store.add(call([ok(1, big(20_000))]));
    expect(store.tables().map((t) => t.name)).toEqual([second.name]);
    expect(second.rows).toBe(20_000);
    expect(second.stored_rows).toBeLessThan(20_000);
    // The bound is checked every 200 rows, so it may be passed by that much.
    expect(store.bytes()).toBeLessThanOrEqual((2 << 20) + 200 * 1024);
    store.close();
  });

  test("a session file keeps its tables for the next process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-results-"));
    const file = join(dir, "s.sqlite");
    const a = createResultStore({ file, maxBytes: 64 << 20 });
    a.add(call([ok(1, [{ n: 1 }])]));
    a.close();
    const b = createResultStore({ file, maxBytes: 64 << 20 });
    expect(b.tables().map((t) => t.name)).toEqual(["things_1"]);
    expect(b.add(call([ok(1, [{ n: 2 }])])).name).toBe("things_2");
    const r = await b.query("SELECT (SELECT n FROM things_1) + (SELECT n FROM things_2)", limits);
    expect(r.rows).toEqual([[3]]);
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("result sessions", () => {
  const settings = { ...defaultSettings.results };

  test("a session's tables live as long as its memory: dropped on expiry, LRU and forget", () => {
    let now = 0;
    const results = createResultSessions({ settings, maxSessions: 2 });
    const memory = createSessionMemory(
      { max_turns: 10, max_tokens: 100_000, max_sessions: 2, idle_ttl_seconds: 60 },
      () => now,
      (id) => results.drop(id),
    );
    const turn = [{ role: "user" as const, content: [{ text: "q" }] }];
    for (const id of ["a", "b"]) {
      results.open(id).add(call([ok(1, [{ n: 1 }])]));
      memory.commit(id, turn);
    }
    expect(results.size()).toBe(2);
    memory.forget("a");
    expect(results.size()).toBe(1);
    now = 61_000;
    expect(memory.history("b")).toEqual([]);
    expect(results.size()).toBe(0);
    // A session that comes back starts with no tables.
    expect(results.open("b").tables()).toEqual([]);
  });

  test("one-shot stores are closed after the answer; session stores stay within the total byte bound", () => {
    const results = createResultSessions({
      settings: { ...settings, max_total_bytes: 1 << 20 },
      maxSessions: 10,
    });
    const once = results.open(undefined);
    results.release(undefined, once);
    expect(() => once.bytes()).toThrow();
    const big = Array.from({ length: 4000 }, (_, i) => ({ id: `r-${i}`, pad: "y".repeat(200) }));
    for (const id of ["s1", "s2", "s3"]) {
      const store = results.open(id);
      store.add(call([ok(1, big)]));
      results.release(id, store);
    }
    expect(results.size()).toBe(1);
    expect(results.open("s3").tables()).toHaveLength(1);
  });
});

describe("what the model gets", () => {
  test("small results go whole with their table names; large ones as a summary within the budget", () => {
    const store = createResultStore({ maxBytes: 64 << 20 });
    const small = call([ok(1, [{ n: 1 }])]);
    const block = toolResultBlock(small, store.add(small), 10_000, 5);
    expect(block.json).toMatchObject({ tool: "things", table: "things_1", units_table: "things_1_units" });
    const units = [
      ...Array.from({ length: 300 }, (_, i) =>
        ok(
          i,
          Array.from({ length: 20 }, (_, j) => ({ id: `x-${i}-${j}` })),
        ),
      ),
      ...Array.from({ length: 40 }, (_, i) => failed(300 + i)),
    ];
    const large = call(units);
    const info = store.add(large);
    const summary = toolResultBlock(large, info, 6000, 5).json as Record<string, unknown>;
    expect(JSON.stringify(summary).length).toBeLessThanOrEqual(6000);
    expect(summary).toMatchObject({ table: "things_2", rows: 6000 });
    const perAccount = summary.rows_per_account as { rows: unknown[]; omitted?: number };
    expect(perAccount.rows.length + (perAccount.omitted ?? 0)).toBe(340);
    expect(summary.note).toContain("40 of 340 units FAILED");
    store.close();
  });
});
