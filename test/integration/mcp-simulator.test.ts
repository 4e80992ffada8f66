import { afterEach, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import { silentLogger } from "../../src/log.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { sandboxProfile } from "../../src/sandbox/mcp-profile.ts";
import { type FakeMcpServer, type FakeMcpServerOptions, startFakeMcpServer } from "../fakes/mcp-server.ts";
import { createStaticCredentials } from "../helpers/static-credentials.ts";

// The one simulator (src/sandbox/mcp-simulator.ts) behind the tests' fake: its fault hooks and the
// sandbox's profile, met by the real MCP pool (MCP SDK client, SigV4 signing, retry layer).
const ACCOUNT = "123456789012";
const KEY = {
  accessKeyId: "AKIASIMULATOR0000001",
  secretAccessKey: "sim/secret/xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  sessionToken: "sim-token",
};

let server: FakeMcpServer | undefined;
let pool: McpPool | undefined;
const extraPools: McpPool[] = [];
afterEach(async () => {
  await Promise.all(extraPools.splice(0).map((p) => p.close()));
  await pool?.close();
  await server?.close();
});

const poolFor = (url: string, retryBudgetMs = defaultSettings.mcp.retry_budget_ms) =>
  createMcpPool({
    settings: {
      ...defaultSettings.mcp,
      endpoint: url,
      rate_per_account: 1000,
      burst_per_account: 10,
      retry_budget_ms: retryBudgetMs,
    },
    credentials: createStaticCredentials({ [ACCOUNT]: [KEY] }),
    logger: silentLogger,
  });

async function start(extra: Partial<FakeMcpServerOptions>) {
  server = await startFakeMcpServer({
    mode: "json",
    keys: { [KEY.accessKeyId]: { ...KEY, accountId: ACCOUNT } },
    ...extra,
  });
  pool = poolFor(server.url);
  return { server, pool };
}

const callScript = (p: McpPool) =>
  p.callTool("aws___run_script", { code: "x" }, { accountId: ACCOUNT, region: "eu-west-1" });

describe("the MCP simulator's hooks", () => {
  test("a delay fault holds the answer, then the request is served", async () => {
    const { server, pool } = await start({
      faults: (r) => (r.method === "tools/call" ? { delayMs: 50 } : undefined),
    });
    expect((await callScript(pool)).value).toEqual({ account: ACCOUNT, region: "eu-west-1" });
    const call = server.requests.find((r) => r.method === "tools/call");
    expect(call).toMatchObject({ fault: "delay", status: 200, accountId: ACCOUNT });
  });

  test("the realistic profile: the quota answers 429, the pool retries, the envelope wraps", async () => {
    const profile = sandboxProfile("realistic", {
      scriptLatencyMs: 0,
      quota: { ratePerSecond: 2, burst: 2, maxConnections: 27, maxSessions: 180 },
    });
    const { server, pool } = await start({ profile });
    const value = (await callScript(pool)).value;
    expect(value).toMatchObject({ status: "success", return_value: { account: ACCOUNT } });
    const throttled = server.requests.filter((r) => r.fault === "throttled");
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((r) => r.status === 429)).toBe(true);
    expect(server.requests.filter((r) => r.method === "tools/call" && r.status === 200)).toHaveLength(1);
  });

  test("sessions beyond the profile's session quota are refused with 429 until the budget ends", async () => {
    const profile = sandboxProfile("realistic", {
      scriptLatencyMs: 0,
      quota: { ratePerSecond: 100, burst: 100, maxConnections: 27, maxSessions: 1 },
    });
    const { server, pool } = await start({ profile });
    await callScript(pool);
    const second = poolFor(server.url, 300);
    extraPools.push(second);
    const error = await callScript(second).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_MCP_THROTTLED" });
    const initializes = server.requests.filter((r) => r.method === "initialize");
    expect(initializes[0]?.status).toBe(200);
    expect(initializes.slice(1).every((r) => r.status === 429 && r.fault === "throttled")).toBe(true);
    // The first session still works.
    expect((await callScript(pool)).value).toMatchObject({ status: "success" });
  });
});
