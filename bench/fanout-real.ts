/**
 * Fan-out against a server that behaves like the managed AWS MCP Server: the sandbox's `realistic`
 * profile (1.5 s per script, 3 requests/s sustained and 27 connections per signing account per Region,
 * HTTP 429 ThrottlingException with Retry-After beyond, wrapped results). The production wiring (real
 * STS client, credential store, SigV4 MCP pool over the MCP SDK, executor) runs one call of
 * `ec2_describe_instances` over N accounts × R regions from cold (AssumeRole and MCP session included).
 * Ours: the defaults (one script per account, 3/s adaptive). Baseline, in the same process against a
 * fresh sandbox: the per-unit strategy (`executor.batch: unit`, 8 requests/s per account).
 * Targets: 0 failed units, 429s under 5% of requests, wall ≤ 4× the script latency for 12 × 12 and
 * ≤ 8× for 100 × 17. Peak RSS is of this whole process (client and in-process server) during 100 × 17.
 */
import { defaultSettings } from "../src/config/schema.ts";
import type { Account, Settings } from "../src/config/types.ts";
import { silentLogger } from "../src/log.ts";
import { sandboxProfile, startSandbox } from "../src/sandbox/index.ts";
import { wireSandbox } from "../test/helpers/sandbox-wire.ts";
import { benchAccounts, withPeakRss } from "./_measure.ts";
import type { BenchRow } from "./run.ts";

const SCRIPT_MS = 1500;
const REGIONS = [
  ...["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3"],
  ...["eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
  ...["ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1"],
];
/**
 * Regions of the per-unit baseline over 100 accounts: all 17 by default (about a minute on a 2-core
 * machine); `FANOUT_REAL_BASELINE_REGIONS=3` for a quicker run (the row then says so).
 */
const BASELINE_REGIONS_100 = Number(process.env.FANOUT_REAL_BASELINE_REGIONS ?? 17);

interface Run {
  wallMs: number;
  units: number;
  failed: number;
  scripts: number;
  requests: number;
  throttled: number;
  peakRssMiB: number;
}

const org = (accounts: number, regions: number): Account[] =>
  benchAccounts(accounts, REGIONS.slice(0, regions), 500000000000);

const perUnit = (s: Settings) => {
  s.executor.batch = "unit";
  Object.assign(s.mcp, { rate_per_account: 8, burst_per_account: 8, max_rate_per_account: 8 });
};

async function measure(accounts: number, regions: number, adjust: (s: Settings) => void): Promise<Run> {
  const sandbox = await startSandbox({
    logger: silentLogger,
    accounts: org(accounts, regions),
    profile: sandboxProfile("realistic", { scriptLatencyMs: SCRIPT_MS }),
  });
  const { pool, executor } = wireSandbox(sandbox, silentLogger, (s) => {
    s.mcp.rate_per_account = defaultSettings.mcp.rate_per_account;
    s.executor.cache_ttl_seconds = 0;
    adjust(s);
  });
  try {
    const started = performance.now();
    const { value: call, peakMiB } = await withPeakRss(() =>
      executor.invoke("ec2_describe_instances", { accounts: ["all"] }, { noCache: true }),
    );
    const wallMs = performance.now() - started;
    const stats = sandbox.mcpStats();
    return {
      wallMs,
      units: call.summary.units,
      failed: call.summary.failed,
      scripts: stats.calls.aws___run_script ?? 0,
      requests: stats.requests,
      throttled: stats.throttled,
      peakRssMiB: peakMiB,
    };
  } finally {
    await pool.close();
    await sandbox.close();
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const share = (r: Run) => `${((100 * r.throttled) / Math.max(1, r.requests)).toFixed(1)}%`;
const describeRun = (r: Run) =>
  `${secs(r.wallMs)}; ${r.scripts} scripts, ${r.requests} requests, ${r.throttled} 429s (${share(r)}), ${r.failed}/${r.units} units failed`;

function rows(label: string, ours: Run, base: Run, limit: number, baseLabel = ""): BenchRow[] {
  return [
    {
      figure: `${label}: wall time (target ≤ ${limit}× the ${secs(SCRIPT_MS)} script = ${secs(limit * SCRIPT_MS)}), ours vs per-unit${baseLabel}`,
      ours: secs(ours.wallMs),
      baseline: secs(base.wallMs),
      ratio: `${(ours.wallMs / SCRIPT_MS).toFixed(2)}× script; ${(base.wallMs / ours.wallMs).toFixed(1)}× faster`,
    },
    {
      figure: `${label}: scripts, requests, 429s (target < 5%), failed units (target 0)`,
      ours: describeRun(ours),
      baseline: describeRun(base),
      ratio: `${(base.scripts / Math.max(1, ours.scripts)).toFixed(1)}× fewer scripts`,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const small = await measure(12, 12, () => {});
  const smallBase = await measure(12, 12, perUnit);
  const large = await measure(100, 17, () => {});
  const largeBase = await measure(100, BASELINE_REGIONS_100, perUnit);
  const partial = BASELINE_REGIONS_100 < 17 ? `, ${BASELINE_REGIONS_100} regions` : "";
  return [
    ...rows("12 accounts × 12 regions", small, smallBase, 4),
    ...rows(
      "100 accounts × 17 regions",
      large,
      largeBase,
      8,
      partial && ` (per-unit over ${BASELINE_REGIONS_100} regions only)`,
    ),
    {
      figure: "peak RSS during 100 × 17 (this process: client and in-process server)",
      ours: `${large.peakRssMiB.toFixed(0)} MiB`,
      baseline: `${largeBase.peakRssMiB.toFixed(0)} MiB (per-unit${partial}, measured after ours)`,
      ratio: "-",
    },
  ];
}

if (import.meta.main) console.table(await run());
