import { expect, test } from "bun:test";
import { limitsCheck } from "../../src/cli/commands/doctor-mcp.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Config, McpSettings } from "../../src/config/types.ts";

/** doctor's "mcp limits" line: the limits the scheduler runs with, beside the server's published quotas. */
const config = (mcp: Partial<McpSettings>): Config => ({
  settings: { ...defaultSettings, mcp: { ...defaultSettings.mcp, ...mcp } },
  accounts: [],
  env: { endpoints: {}, home: "/" },
  sources: {},
});

test("the defaults: what the scheduler uses, ok", () => {
  const check = limitsCheck(config({}));
  expect(check.status).toBe("ok");
  const { mcp, executor } = defaultSettings;
  for (const part of [
    `${mcp.rate_per_account}/s (burst ${mcp.burst_per_account}, adaptive up to ${mcp.max_rate_per_account}/s`,
    `${mcp.max_connections_per_account} requests in flight (server quota: 3/s, 27 connections)`,
    `${executor.concurrency} scripts in flight; batch: ${executor.batch}`,
    `request ${mcp.timeout_ms} ms, retries ${mcp.retry_budget_ms} ms, script ${executor.unit_timeout_ms} ms`,
  ])
    expect(check.detail).toContain(part);
});

test("a starting rate above the ceiling: the ceiling shown is the one the limiter uses (the fast sandbox's 500/s)", () => {
  expect(limitsCheck(config({ rate_per_account: 500 })).detail).toContain(
    "500/s (burst 3, adaptive up to 500/s",
  );
});

test("over the published quota against the real server warns; a local endpoint has no quota", () => {
  expect(limitsCheck(config({ rate_per_account: 5 })).status).toBe("warn");
  expect(limitsCheck(config({ max_connections_per_account: 40 })).status).toBe("warn");
  expect(limitsCheck(config({ rate_per_account: 5, endpoint: "http://127.0.0.1:9/mcp" })).status).toBe("ok");
});
