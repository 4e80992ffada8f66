/**
 * Tools with a parent (`ecs_describe_services`, clusters): every service of every cluster of the
 * sandbox organization in one call (one script per account lists the clusters and queries each),
 * against the two-turn way without `parent`: `ecs_describe_clusters`, then one call per cluster
 * (all at once, the best a model can do). Real executor, SigV4 MCP pool and STS against the
 * in-process sandbox with 20 ms per simulated AWS call; warm (credentials and sessions made first),
 * no result cache. Figures: wall time (median of 3) and scripts run at the MCP endpoint.
 *   npx bun bench/parents.ts
 */
import { createLogger } from "../src/log.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import { wireSandbox } from "../test/helpers/sandbox-wire.ts";
import type { BenchRow } from "./run.ts";

const RUNS = 3;
const LATENCY_MS = 20;

export async function run(): Promise<BenchRow[]> {
  let scripts = 0;
  const logger = createLogger({
    level: "debug",
    format: "json",
    write: (l) => {
      if (l.includes('"sandbox mcp: signed call"')) scripts++;
    },
  });
  const sandbox = await startSandbox({ logger, latencyMs: LATENCY_MS });
  const { pool, executor } = wireSandbox(sandbox, logger);
  const noCache = { noCache: true };
  const ours = async () => {
    const call = await executor.invoke("ecs_describe_services", { accounts: ["all"] }, noCache);
    if (call.status !== "ok") throw new Error("bench call failed");
    return call.results.reduce((n, r) => n + (r.ok ? r.data.items.length : 0), 0);
  };
  const twoTurns = async () => {
    const clusters = await executor.invoke("ecs_describe_clusters", { accounts: ["all"] }, noCache);
    const calls = clusters.results.flatMap((r) =>
      r.ok
        ? (r.data.items as Array<{ name: string }>).map((c) =>
            executor.invoke(
              "ecs_describe_services",
              { cluster: c.name, accounts: [r.account_id], regions: [r.region] },
              noCache,
            ),
          )
        : [],
    );
    const done = await Promise.all(calls);
    return done.reduce((n, c) => n + c.results.reduce((m, r) => m + (r.ok ? r.data.items.length : 0), 0), 0);
  };
  try {
    await ours(); // warm: credentials, sessions
    const measure = async (fn: () => Promise<number>) => {
      const times: number[] = [];
      let items = 0;
      const before = scripts;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        items = await fn();
        times.push(performance.now() - started);
      }
      return { ms: times.sort((a, b) => a - b)[1]!, items, scripts: (scripts - before) / RUNS };
    };
    const a = await measure(ours);
    const b = await measure(twoTurns);
    if (a.items !== b.items) throw new Error(`different answers: ${a.items} vs ${b.items} services`);
    return [
      {
        figure: `every ECS service of every cluster (${a.items} services), ms: one call vs clusters then a call per cluster`,
        ours: a.ms.toFixed(0),
        baseline: b.ms.toFixed(0),
        ratio: `${(a.ms / b.ms).toFixed(2)}×`,
      },
      {
        figure: "scripts run at the MCP endpoint per answer",
        ours: String(a.scripts),
        baseline: String(b.scripts),
        ratio: `${(a.scripts / b.scripts).toFixed(2)}×`,
      },
    ];
  } finally {
    await pool.close();
    await sandbox.close();
  }
}

if (import.meta.main) console.table(await run());
