/**
 * The large sandbox organization (`--sandbox-accounts 300 --sandbox-profile realistic`) through the CLI's
 * own composition root (`createCliContext` → `createRuntime`): Organizations discovery with the real SDK
 * client against the in-process Organizations endpoint (realistic pacing: ~100 ms per call, 10 calls/s,
 * TooManyRequestsException beyond), the file cache under a temporary state directory, then
 * `call ec2_describe_instances --accounts all --regions all` over every discovered workload account × its
 * enabled regions against the realistic MCP profile (1.5 s per script, 3 requests/s and 27 connections per
 * account per Region, 429 beyond).
 * Baselines in the same run: discovery unpaced (the same reads, `organizations.rate_per_second: 1000`, so
 * only the server's throttling and the SDK's retry pace it); the call against the fast MCP profile (no
 * quota, no latency: what the real server's behaviour adds). Peak RSS is of this process (client and the
 * in-process servers), sampled every 50 ms during the call.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCliContext } from "../src/cli/context.ts";
import { createRuntime, type Runtime } from "../src/cli/runtime.ts";
import { withPeakRss } from "./_measure.ts";
import type { BenchRow } from "./run.ts";

/** `ORG_LARGE_ACCOUNTS=30` for a quick run (the rows name the size). */
const ACCOUNTS = process.env.ORG_LARGE_ACCOUNTS ?? "300";
const secs = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A runtime over the generated organization, its state (the organization cache) in `stateDir`. */
async function open(
  stateDir: string,
  args: Record<string, string>,
): Promise<{ runtime: Runtime; ms: number }> {
  process.env.XDG_STATE_HOME = stateDir;
  const ctx = await createCliContext({ "sandbox-accounts": ACCOUNTS, "log-level": "error", ...args });
  const started = performance.now();
  const runtime = await createRuntime(ctx);
  return { runtime, ms: performance.now() - started };
}

interface Discovery {
  ms: number;
  calls: number;
  attempts: number;
  throttled: number;
  accounts: number;
}

function discovery(runtime: Runtime, ms: number): Discovery {
  const stats = runtime.sandbox?.organization?.stats();
  return {
    ms,
    calls: runtime.directory.info().calls ?? 0,
    attempts: stats?.calls ?? 0,
    throttled: stats?.throttled ?? 0,
    accounts: runtime.directory.accounts().length,
  };
}

interface Call {
  ms: number;
  units: number;
  failed: number;
  scripts: number;
  requests: number;
  throttled: number;
  peakMiB: number;
}

async function call(runtime: Runtime): Promise<Call> {
  const before = runtime.sandbox?.mcpStats();
  const started = performance.now();
  const { value: result, peakMiB } = await withPeakRss(() =>
    runtime.executor.invoke(
      "ec2_describe_instances",
      { accounts: ["all"], regions: ["all"] },
      { noCache: true },
    ),
  );
  const ms = performance.now() - started;
  const after = runtime.sandbox?.mcpStats();
  const scripts = (s: typeof after) => s?.calls.aws___run_script ?? 0;
  return {
    ms,
    units: result.summary.units,
    failed: result.summary.failed,
    scripts: scripts(after) - scripts(before),
    requests: (after?.requests ?? 0) - (before?.requests ?? 0),
    throttled: (after?.throttled ?? 0) - (before?.throttled ?? 0),
    peakMiB,
  };
}

const describeDiscovery = (d: Discovery) =>
  `${secs(d.ms)}; ${d.accounts} accounts, ${d.calls} API calls (${d.attempts} requests, ${d.throttled} TooManyRequests)`;
const describeCall = (c: Call) =>
  `${secs(c.ms)}; ${c.units} units, ${c.scripts} scripts, ${c.requests} requests, ${c.throttled} 429s, ${c.failed} failed units`;

export async function run(): Promise<BenchRow[]> {
  const saved = process.env.XDG_STATE_HOME;
  const state = () => mkdtempSync(join(tmpdir(), "ops-agent-bench-org-"));
  try {
    const realistic = state();
    const cold = await open(realistic, { "sandbox-profile": "realistic" });
    const paced = discovery(cold.runtime, cold.ms);
    const reload = performance.now();
    await cold.runtime.directory.load();
    const reloadMs = performance.now() - reload;
    const first = await call(cold.runtime); // includes each account's enabled regions (account:ListRegions)
    const second = await call(cold.runtime); // enabled regions cached
    await cold.runtime.close();
    // A new runtime over the same state directory: the discovery comes from the file cache.
    const warm = await open(realistic, { "sandbox-profile": "realistic" });
    const fromCache = warm.runtime.directory.info().from_cache;
    await warm.runtime.close();

    const unpacedDir = state();
    const settings = join(unpacedDir, "ops-agent.yaml");
    writeFileSync(settings, "organizations:\n  rate_per_second: 1000\n");
    const unpacedRun = await open(unpacedDir, { "sandbox-profile": "realistic", config: settings });
    const unpaced = discovery(unpacedRun.runtime, unpacedRun.ms);
    await unpacedRun.runtime.close();

    const fastRun = await open(state(), { "sandbox-profile": "fast" });
    const fastFirst = await call(fastRun.runtime);
    const fast = await call(fastRun.runtime);
    await fastRun.runtime.close();

    return [
      {
        figure: `discovery of ${ACCOUNTS} accounts, realistic Organizations (100 ms/call, 10/s): paced at 8/s vs unpaced`,
        ours: describeDiscovery(paced),
        baseline: describeDiscovery(unpaced),
        ratio: `${(paced.ms / unpaced.ms).toFixed(2)}× the wall, ${paced.throttled} vs ${unpaced.throttled} throttled`,
      },
      {
        figure:
          "accounts from the organization cache: a new runtime (cache file) and a reload, vs discovering",
        ours: `${secs(warm.ms)} new runtime (from cache: ${fromCache}); ${reloadMs.toFixed(1)} ms reload`,
        baseline: secs(paced.ms),
        ratio: `${(paced.ms / warm.ms).toFixed(0)}× faster`,
      },
      {
        figure: `call ec2_describe_instances --accounts all --regions all, ${ACCOUNTS} accounts × enabled regions, realistic MCP, first call (enabled regions discovered) vs fast profile`,
        ours: describeCall(first),
        baseline: describeCall(fastFirst),
        ratio: `${(first.ms / Math.max(1, fastFirst.ms)).toFixed(1)}× the fast profile`,
      },
      {
        figure: "the same call again (enabled regions cached), realistic MCP vs fast profile",
        ours: describeCall(second),
        baseline: describeCall(fast),
        ratio: `${(second.ms / Math.max(1, fast.ms)).toFixed(1)}× the fast profile`,
      },
      {
        figure: "peak RSS during the call (this process: client and in-process servers)",
        ours: `${Math.max(first.peakMiB, second.peakMiB).toFixed(0)} MiB (realistic)`,
        baseline: `${Math.max(fastFirst.peakMiB, fast.peakMiB).toFixed(0)} MiB (fast, measured after)`,
        ratio: "-",
      },
    ];
  } finally {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
  }
}

if (import.meta.main) console.table(await run());
