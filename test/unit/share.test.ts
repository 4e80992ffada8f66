import { expect, test } from "bun:test";
import type { Account } from "../../src/config/types.ts";
import { createShareState, type SharePart } from "../../src/tools/share.ts";
import type { UnitResult } from "../../src/tools/types.ts";

/** The share's bookkeeping with a recording `run` (no network): grouping, leaving, late calls, the bound. */
const account = (id: string): Account => ({
  id,
  name: `a${id}`,
  environment: "test",
  role: "workload",
  regions: ["r1", "r2"],
  aliases: [],
});
const part = (tool: string, id: string, regions = ["r1"]): SharePart => ({
  tool,
  args: {},
  batch: { account: account(id), regions },
  code: `${tool}@${id}`,
  request: {},
});
const unitOf = (p: SharePart, region: string): UnitResult => ({
  account_id: p.batch.account.id,
  account_name: p.tool,
  region,
  ok: true,
  data: { items: [p.code], truncated: false },
  duration_ms: 0,
});

function recorder(mode: "account" | "unit" = "account", calls = 2, concurrency = 8) {
  const scripts: string[][] = [];
  let inFlight = 0;
  let peak = 0;
  const state = createShareState({
    calls,
    concurrency,
    mode,
    run: async (parts) => {
      scripts.push(parts.map((p) => p.code));
      peak = Math.max(peak, ++inFlight);
      await Bun.sleep(1);
      inFlight--;
      return parts.map((p) => p.batch.regions.map((r) => unitOf(p, r)));
    },
  });
  return { state, scripts, peak: () => peak };
}

test("parts of one account ride together; each call gets its own parts' results in its order", async () => {
  const { state, scripts } = recorder();
  const [a, b] = await Promise.all([
    state.submit([part("x", "1"), part("x", "2")]),
    state.submit([part("y", "2"), part("y", "3")]),
  ]);
  expect(scripts.sort()).toEqual([["x@1"], ["x@2", "y@2"], ["y@3"]]);
  expect(a!.map((units) => units[0]!.data!.items)).toEqual([["x@1"], ["x@2"]]);
  expect(b!.map((units) => units[0]!.data!.items)).toEqual([["y@2"], ["y@3"]]);
});

test("unit mode shares only the same account×region", async () => {
  const { state, scripts } = recorder("unit");
  await Promise.all([
    state.submit([part("x", "1", ["r1"]), part("x", "1", ["r2"])]),
    state.submit([part("y", "1", ["r1"])]),
  ]);
  expect(scripts.sort()).toEqual([["x@1", "y@1"], ["x@1"]].sort());
});

test("a call that leaves (refused) or sends nothing (all cached) does not hold the others", async () => {
  const { state, scripts } = recorder("account", 3);
  state.leave();
  const [empty, some] = await Promise.all([state.submit([]), state.submit([part("x", "1")])]);
  expect(empty).toEqual([]);
  expect(some).toHaveLength(1);
  expect(scripts).toEqual([["x@1"]]);
  state.leave(); // after the share ran: nothing happens
});

test("one bound on scripts in flight across the share; a call beyond the announced count runs alone", async () => {
  const { state, scripts, peak } = recorder("account", 2, 2);
  const many = (tool: string) => Array.from({ length: 6 }, (_, i) => part(tool, String(i)));
  await Promise.all([state.submit(many("x")), state.submit(many("y"))]);
  expect(scripts).toHaveLength(6);
  expect(peak()).toBe(2);
  const late = await state.submit([part("z", "0")]);
  expect(late[0]![0]!.data!.items).toEqual(["z@0"]);
  expect(scripts.at(-1)).toEqual(["z@0"]);
});
