/**
 * Two tool uses in one model turn (`ec2_describe_instances` and `lambda_list_functions` over every
 * account) against the sandbox's `realistic` profile (1.5 s per script, 3 requests/s and 27
 * connections per signing account per Region, 429 beyond, wrapped results), production wiring from
 * cold. Ours: the two calls share a script per account (`executor.shareScripts(2)`, what
 * `runToolUses` does). Baseline, same process, fresh sandbox: the same two calls concurrently, each
 * with its own scripts (main before shared scripts).
 */
import { defaultSettings } from "../src/config/schema.ts";
import type { Account } from "../src/config/types.ts";
import { silentLogger } from "../src/log.ts";
import { sandboxProfile, startSandbox } from "../src/sandbox/index.ts";
import { wireSandbox } from "../test/helpers/sandbox-wire.ts";
import { benchAccounts } from "./_measure.ts";
import type { BenchRow } from "./run.ts";

const SCRIPT_MS = 1500;
const REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
const TOOLS = ["ec2_describe_instances", "lambda_list_functions"];

interface Run {
  wallMs: number;
  units: number;
  failed: number;
  scripts: number;
  requests: number;
  throttled: number;
}

const org = (accounts: number): Account[] => benchAccounts(accounts, REGIONS, 520000000000);

async function measure(accounts: number, shared: boolean): Promise<Run> {
  const sandbox = await startSandbox({
    logger: silentLogger,
    accounts: org(accounts),
    profile: sandboxProfile("realistic", { scriptLatencyMs: SCRIPT_MS }),
  });
  const { pool, executor } = wireSandbox(sandbox, silentLogger, (s) => {
    s.mcp.rate_per_account = defaultSettings.mcp.rate_per_account;
    s.executor.cache_ttl_seconds = 0;
  });
  try {
    const share = shared ? executor.shareScripts?.(TOOLS.length) : undefined;
    const started = performance.now();
    const calls = await Promise.all(
      TOOLS.map((tool) => executor.invoke(tool, { accounts: ["all"] }, { noCache: true, share })),
    );
    const wallMs = performance.now() - started;
    const stats = sandbox.mcpStats();
    return {
      wallMs,
      units: calls.reduce((n, c) => n + c.summary.units, 0),
      failed: calls.reduce((n, c) => n + c.summary.failed, 0),
      scripts: stats.calls.aws___run_script ?? 0,
      requests: stats.requests,
      throttled: stats.throttled,
    };
  } finally {
    await pool.close();
    await sandbox.close();
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const describeRun = (r: Run) =>
  `${secs(r.wallMs)}; ${r.scripts} scripts, ${r.requests} requests, ${r.throttled} 429s, ${r.failed}/${r.units} units failed`;

async function rows(accounts: number): Promise<BenchRow> {
  const ours = await measure(accounts, true);
  const base = await measure(accounts, false);
  return {
    figure: `2 tools in one turn, ${accounts} accounts × ${REGIONS.length} regions: wall, scripts, 429s, failed units`,
    ours: describeRun(ours),
    baseline: describeRun(base),
    ratio: `${(base.scripts / Math.max(1, ours.scripts)).toFixed(1)}× fewer scripts, ${(base.requests / Math.max(1, ours.requests)).toFixed(2)}× fewer requests`,
  };
}

export async function run(): Promise<BenchRow[]> {
  return [await rows(12), await rows(100)];
}

if (import.meta.main) console.table(await run());
