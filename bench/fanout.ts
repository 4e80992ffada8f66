/**
 * Fan-out: wall time of one tool over 1, 10 and 50 accounts through the real executor, MCP pool and
 * SigV4 signing, against the in-process fake AWS MCP Server with 100 ms latency on every answer.
 * Baselines, measured in the same run: one account (how flat the fan-out stays), and the seed's
 * loop — the same generated calls over the same warm pool, one after another.
 * Targets: 10 accounts within 1.3× of one account, 50 within 4.5× (default concurrency 16; the
 * per-account rate limit of 8/s does not bind with one call per account).
 */
import { defaultSettings } from "../src/config/schema.ts";
import type { Executor } from "../src/tools/types.ts";
import { account } from "../test/fixtures/call/org.ts";
import { type Harness, startHarness } from "../test/helpers/call-harness.ts";
import type { BenchRow } from "./run.ts";

const LATENCY_MS = 100;
const RUNS = 3;
const TOOL = "ec2_describe_instances";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function concurrent(executor: Executor, names: string[]): Promise<void> {
  const call = await executor.invoke(TOOL, { states: ["running"], accounts: names }, { noCache: true });
  if (call.summary.failed > 0)
    throw new Error(`bench call failed: ${JSON.stringify(call.results.find((r) => !r.ok))}`);
}

/** The seed's loop: for each account, for each region, call and wait. */
async function sequential(h: Harness, names: string[]): Promise<void> {
  const accounts = h.executor.accounts().filter((a) => names.includes(a.name));
  const tool = h.tools.find((t) => t.name === TOOL)!;
  for (const a of accounts) {
    for (const region of a.regions) {
      const code = tool.render({ states: ["running"] }, [region]);
      await h.pool.callTool(defaultSettings.mcp.script_tool, { code }, { accountId: a.id, region });
    }
  }
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export async function run(): Promise<BenchRow[]> {
  const accounts = Array.from({ length: 50 }, (_, i) => account(i + 1));
  const h = await startHarness({
    accounts,
    serverLatencyMs: LATENCY_MS,
    mcp: { rate_per_account: defaultSettings.mcp.rate_per_account },
    executor: { concurrency: defaultSettings.executor.concurrency, cache_ttl_seconds: 0 },
  });
  try {
    const names = (n: number) => accounts.slice(0, n).map((a) => a.name);
    // Warm every account's MCP session (initialize + initialized), as a running `serve` would be.
    await concurrent(h.executor, names(50));
    const one = await timed(() => concurrent(h.executor, names(1)));
    const ten = await timed(() => concurrent(h.executor, names(10)));
    const fifty = await timed(() => concurrent(h.executor, names(50)));
    const seqTen = await timed(() => sequential(h, names(10)));
    const seqFifty = await timed(() => sequential(h, names(50)));
    return [
      { figure: `1 account, ${LATENCY_MS} ms latency`, ours: fmt(one), baseline: "-", ratio: "-" },
      {
        figure: "10 accounts vs 1 (target ≤ 1.3×)",
        ours: fmt(ten),
        baseline: fmt(one),
        ratio: ratio(ten, one),
      },
      {
        figure: "50 accounts vs 1 (target ≤ 4.5×)",
        ours: fmt(fifty),
        baseline: fmt(one),
        ratio: ratio(fifty, one),
      },
      {
        figure: "10 accounts: sequential loop vs concurrent",
        ours: fmt(ten),
        baseline: fmt(seqTen),
        ratio: ratio(seqTen, ten),
      },
      {
        figure: "50 accounts: sequential loop vs concurrent",
        ours: fmt(fifty),
        baseline: fmt(seqFifty),
        ratio: ratio(seqFifty, fifty),
      },
    ];
  } finally {
    await h.close();
  }
}

if (import.meta.main) console.table(await run());
