import { describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, Settings } from "../../src/config/types.ts";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { type McpProfileOverrides, sandboxProfile, startSandbox } from "../../src/sandbox/index.ts";
import { wireSandbox } from "../helpers/sandbox-wire.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * The real executor, MCP pool and per-account scheduler (token bucket, connection cap, AIMD,
 * Retry-After) against the sandbox's `realistic` profile: the AWS MCP Server's quotas, a latency per
 * script (shortened here), wrapped results and task answers for slow scripts.
 */
const REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"];
const ACCOUNTS: Account[] = Array.from({ length: 6 }, (_, i) => ({
  id: String(310000000000 + i),
  name: `member-${i + 1}`,
  environment: "test",
  role: "workload",
  regions: REGIONS,
  aliases: [],
}));

/** The sandbox wired as the runtime wires it, the client at its default (the real server's) pace. */
async function start(profile: McpProfileOverrides, adjust: (s: Settings) => void = () => {}, sse = false) {
  const sandbox = await startSandbox({
    logger: silentLogger,
    accounts: ACCOUNTS,
    responseMode: sse ? "sse" : "json",
    profile: sandboxProfile("realistic", { scriptLatencyMs: 300, ...profile }),
  });
  const { pool, executor } = wireSandbox(sandbox, silentLogger, (s) => {
    s.mcp.rate_per_account = defaultSettings.mcp.rate_per_account;
    adjust(s);
  });
  return {
    sandbox,
    executor,
    pool,
    close: async () => {
      await pool.close();
      await sandbox.close();
    },
  };
}

const describeAll = { states: ["running", "stopped"], accounts: ["all"] };

describe("sandbox realistic profile against the real scheduler", () => {
  for (const sse of [false, true]) {
    test(`one script per account, no 429, envelopes unwrapped (${sse ? "SSE" : "JSON"})`, async () => {
      const s = await start({}, () => {}, sse);
      try {
        const call = await s.executor.invoke("ec2_describe_instances", describeAll, { noCache: true });
        expect(call.summary).toMatchObject({ units: 24, ok: 24, failed: 0 });
        for (const r of call.results) expect(r.ok && Array.isArray(r.data.items)).toBe(true);
        const stats = s.sandbox.mcpStats();
        expect(stats.calls.aws___run_script).toBe(ACCOUNTS.length);
        expect(stats.throttled).toBe(0);
        // What came over the wire was the real server's envelope, which the executor took off.
        const tool = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools.find(
          (t) => t.name === "ec2_describe_instances",
        )!;
        const raw = await s.pool.callTool(
          "aws___run_script",
          { code: tool.render({ states: ["running"] }, ["us-east-1"]) },
          { accountId: ACCOUNTS[0]!.id, region: "us-east-1" },
        );
        expect(raw.value).toMatchObject({
          status: "success",
          return_value: { regions: [{ region: "us-east-1", items: [] }] },
          api_calls: [{ service: "ec2", operation: "DescribeInstances", region: "us-east-1" }],
        });
      } finally {
        await s.close();
      }
    });
  }

  test("a server stricter than the client's pace: 429s are retried, never failed units", async () => {
    const s = await start({ quota: { ratePerSecond: 1, burst: 2, maxConnections: 27, maxSessions: 180 } });
    try {
      const call = await s.executor.invoke("ec2_describe_instances", describeAll, { noCache: true });
      expect(call.summary).toMatchObject({ units: 24, failed: 0 });
      expect(s.sandbox.mcpStats().throttled).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  test.each([
    ["JSON", false],
    ["SSE", true],
  ])(
    "a script slower than the task threshold answers a task id; aws___get_tasks is polled (%s)",
    async (_, sse) => {
      const s = await start(
        { taskAfterMs: 50 },
        (settings) => {
          settings.mcp.task_poll_ms = 100;
        },
        sse,
      );
      try {
        const call = await s.executor.invoke("ec2_describe_instances", describeAll, { noCache: true });
        expect(call.summary).toMatchObject({ units: 24, ok: 24, failed: 0 });
        const { calls } = s.sandbox.mcpStats();
        expect(calls.aws___run_script).toBe(ACCOUNTS.length);
        expect(calls.aws___get_tasks).toBeGreaterThanOrEqual(ACCOUNTS.length);
      } finally {
        await s.close();
      }
    },
  );

  test("batch: unit at 8/s exceeds the quota: the profile answers 429s", async () => {
    const s = await start({}, (settings) => {
      settings.executor.batch = "unit";
      Object.assign(settings.mcp, { rate_per_account: 8, burst_per_account: 8, max_rate_per_account: 8 });
    });
    try {
      const call = await s.executor.invoke("ec2_describe_instances", describeAll, { noCache: true });
      expect(call.summary.units).toBe(24);
      const stats = s.sandbox.mcpStats();
      expect(stats.calls.aws___run_script).toBeGreaterThanOrEqual(24);
      expect(stats.throttled).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});

describe("--sandbox-profile", () => {
  test("realistic: the CLI's call runs against the profile (implies --sandbox)", async () => {
    const r = await spawnCli([
      "call",
      "ec2_describe_instances",
      "--sandbox-profile",
      "realistic",
      "--accounts",
      "production",
      "--output",
      "json",
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: { units: number; failed: number } };
    expect(out.summary).toMatchObject({ units: 3, failed: 0 });
  });

  test("an unknown profile is a usage error (exit 2) with did you mean", async () => {
    const r = await spawnCli(["call", "ec2_describe_instances", "--sandbox-profile", "realstic"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--sandbox-profile must be one of fast, realistic (got "realstic")');
    expect(r.stderr).toContain('did you mean "realistic"?');
  });
});
