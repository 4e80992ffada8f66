import { afterEach, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import type { McpSettings } from "../../src/config/types.ts";
import { isOpsError } from "../../src/errors.ts";
import { createLogger } from "../../src/log.ts";
import { McpHttpError, McpWireError } from "../../src/mcp/errors.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { type FakeMcpServer, type FakeMcpServerOptions, startFakeMcpServer } from "../fakes/mcp-server.ts";
import { createStaticCredentials, type StaticKeys } from "../helpers/static-credentials.ts";
import { until } from "../helpers/until.ts";

function keysFor(i: number, generation = 0): StaticKeys {
  const n = String(i * 10 + generation).padStart(4, "0");
  return {
    accessKeyId: `AKIAFAKE0000000${n}`.slice(0, 20),
    secretAccessKey: `secret/${n}/${"x".repeat(30)}`.slice(0, 40),
    sessionToken: `token-${n}-FwoGZXIvYXdzEXAMPLE`,
  };
}
const account = (i: number) => String(100000000000 + i);

const settings = (over: Partial<McpSettings> = {}): McpSettings => ({
  ...defaultSettings.mcp,
  endpoint: "http://127.0.0.1/mcp",
  timeout_ms: 5000,
  max_retries: 3,
  retry_budget_ms: 5000,
  rate_per_account: 1000,
  script_tool: "aws___run_script",
  max_response_bytes: 33554432,
  max_json_depth: 100,
  ...over,
});

let server: FakeMcpServer | undefined;
let pool: McpPool | undefined;
afterEach(async () => {
  await pool?.close();
  await server?.close();
  pool = undefined;
  server = undefined;
});

async function setup(
  mode: "json" | "sse",
  accounts: number,
  extra: Partial<FakeMcpServerOptions> = {},
  over: Partial<McpSettings> = {},
) {
  const table: Record<string, StaticKeys[]> = {};
  const keys: FakeMcpServerOptions["keys"] = {};
  for (let i = 0; i < accounts; i++) {
    table[account(i)] = [keysFor(i)];
    const k = keysFor(i);
    keys[k.accessKeyId] = {
      secretAccessKey: k.secretAccessKey,
      sessionToken: k.sessionToken,
      accountId: account(i),
    };
  }
  const credentials = createStaticCredentials(table);
  server = await startFakeMcpServer({ mode, keys, ...extra });
  pool = createMcpPool({ settings: settings({ endpoint: server.url, ...over }), credentials });
  return { server, pool, credentials };
}

for (const mode of ["json", "sse"] as const) {
  describe(`MCP pool over ${mode}`, () => {
    test("a signed call reaches the tool with the account's key and region", async () => {
      const { server, pool } = await setup(mode, 1);
      const out = await pool.callTool(
        "aws___run_script",
        { code: "return 1" },
        { accountId: account(0), region: "eu-west-1" },
      );
      expect(out).toEqual({
        value: { account: account(0), region: "eu-west-1" },
        from: "json-text",
        text: expect.any(String),
      });
      expect(server.scripts).toEqual([
        {
          args: { code: "return 1" },
          ctx: { accountId: account(0), region: "eu-west-1", accessKeyId: keysFor(0).accessKeyId },
        },
      ]);
      expect(server.requests.every((r) => r.status !== 403)).toBe(true);
      expect(server.requests.map((r) => r.httpMethod)).not.toContain("GET");
      const call = server.requests.find((r) => r.method === "tools/call")!;
      expect(call.contentType).toBe(mode === "json" ? "application/json" : "text/event-stream");
    });

    test("10 accounts x 50 concurrent interleaved calls stay isolated", async () => {
      const { server, pool } = await setup(mode, 10);
      const regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
      const calls = Array.from({ length: 500 }, (_, n) => ({
        n,
        acct: account(n % 10),
        region: regions[(n % 7) % 4]!,
      }));
      const outs = await Promise.all(
        calls.map((c) =>
          pool.callTool("aws___run_script", { code: `call-${c.n}` }, { accountId: c.acct, region: c.region }),
        ),
      );
      for (const [i, c] of calls.entries())
        expect(outs[i]!.value).toEqual({ account: c.acct, region: c.region });
      const byCode = new Map(server.scripts.map((s) => [s.args.code, s.ctx]));
      expect(byCode.size).toBe(500);
      for (const c of calls) {
        const ctx = byCode.get(`call-${c.n}`)!;
        expect(ctx.accountId).toBe(c.acct);
        expect(ctx.region).toBe(c.region);
        expect(ctx.accessKeyId).toBe(keysFor(Number(c.acct) - 100000000000).accessKeyId);
      }
      expect(server.requests.filter((r) => r.status === 403)).toEqual([]);
      expect(server.requests.every((r) => r.accessKeyId !== undefined)).toBe(true);
      const calls200 = server.requests.filter((r) => r.method === "tools/call");
      expect(calls200.length).toBe(500);
      expect(calls200.every((r) => r.status === 200)).toBe(true);
      // One lazily created session per account, reused by all its calls.
      expect(server.requests.filter((r) => r.method === "initialize").length).toBe(10);
    });

    test("429 then success is retried", async () => {
      const { server, pool } = await setup(mode, 1);
      let n = 0;
      server.setFault((r) =>
        r.method === "tools/call" && n++ === 0 ? { status: 429, body: "Rate exceeded" } : undefined,
      );
      const out = await pool.callTool(
        "aws___run_script",
        { code: "x" },
        { accountId: account(0), region: "us-east-1" },
      );
      expect(out.value).toEqual({ account: account(0), region: "us-east-1" });
      expect(server.requests.filter((r) => r.method === "tools/call").map((r) => r.status)).toEqual([
        429, 200,
      ]);
    });

    test("500 twice then success is retried", async () => {
      const { server, pool } = await setup(mode, 1);
      let n = 0;
      server.setFault((r) => (r.method === "tools/call" && n++ < 2 ? { status: 500 } : undefined));
      await pool.callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" });
      expect(server.requests.filter((r) => r.method === "tools/call").map((r) => r.status)).toEqual([
        500, 500, 200,
      ]);
    });

    test("a connection dropped mid-response is retried", async () => {
      const { server, pool } = await setup(mode, 1);
      let n = 0;
      server.setFault((r) => (r.method === "tools/call" && n++ === 0 ? { drop: "mid-response" } : undefined));
      const out = await pool.callTool(
        "aws___run_script",
        { code: "x" },
        { accountId: account(0), region: "us-east-1" },
      );
      expect(out.from).toBe("json-text");
      expect(
        server.requests.filter((r) => r.method === "tools/call").map((r) => r.fault ?? r.status),
      ).toEqual(["drop", 200]);
    });

    test("a server that never answers times out and its socket is closed", async () => {
      const { server, pool } = await setup(mode, 1, {}, { timeout_ms: 300 });
      server.setFault((r) => (r.method === "tools/call" ? { hang: true } : undefined));
      const error = await pool
        .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_TIMEOUT")).toBe(true);
      await until(() => server.abandoned === 1); // the server sees the socket close
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(1);
    });

    test("a caller's abort cancels the request on the wire", async () => {
      const { server, pool } = await setup(mode, 1);
      // Events, not time: abort once the call is on the server, then wait for what the server sees.
      const arrived = Promise.withResolvers<void>();
      const told = Promise.withResolvers<void>();
      server.setFault((r) => {
        if (r.method === "notifications/cancelled") told.resolve();
        if (r.method !== "tools/call") return undefined;
        arrived.resolve();
        return { hang: true };
      });
      const controller = new AbortController();
      const call = pool
        .callTool(
          "aws___run_script",
          { code: "x" },
          { accountId: account(0), region: "us-east-1", signal: controller.signal },
        )
        .catch((e) => e);
      await arrived.promise;
      controller.abort(new Error("user pressed ^C"));
      expect(isOpsError(await call, "E_CANCELLED")).toBe(true);
      await told.promise; // the server was told, the MCP way
      await until(() => server.abandoned === 1); // and the hung request's socket was closed
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(1);
    });

    test("an expired session (404) is re-initialised once", async () => {
      const { server, pool } = await setup(mode, 1);
      const opts = { accountId: account(0), region: "us-east-1" };
      await pool.callTool("aws___run_script", { code: "1" }, opts);
      await server.expireSessions();
      await pool.callTool("aws___run_script", { code: "2" }, opts);
      expect(server.requests.filter((r) => r.method === "initialize").length).toBe(2);
      expect(server.requests.filter((r) => r.method === "tools/call").map((r) => r.status)).toEqual([
        200, 404, 200,
      ]);
    });

    test("401 invalidates the account's credentials once and retries", async () => {
      const { server, pool, credentials } = await setup(mode, 1);
      let n = 0;
      server.setFault((r) =>
        r.method === "tools/call" && n++ === 0 ? { status: 401, body: "Unauthorized" } : undefined,
      );
      await pool.callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" });
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests.filter((r) => r.method === "tools/call").map((r) => r.status)).toEqual([
        401, 200,
      ]);
    });

    test("persistent 401 fails with E_MCP_AUTH after one refresh", async () => {
      const { server, pool, credentials } = await setup(mode, 1);
      server.setFault((r) => (r.method === "tools/call" ? { status: 401 } : undefined));
      const error = await pool
        .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_AUTH")).toBe(true);
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(2);
    });

    test("429 on every attempt is retried past max_retries until the retry budget is spent: E_MCP_THROTTLED", async () => {
      const { server, pool } = await setup(mode, 1, {}, { max_retries: 1, retry_budget_ms: 1500 });
      server.setFault((r) =>
        r.method === "tools/call" ? { status: 429, body: "Too Many Requests" } : undefined,
      );
      const error = await pool
        .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_THROTTLED")).toBe(true);
      expect(error.cause).toBeInstanceOf(McpHttpError);
      expect(error.cause.body).toBe("Too Many Requests");
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBeGreaterThan(2);
    });

    test("other 4xx are not retried", async () => {
      const { server, pool } = await setup(mode, 1);
      server.setFault((r) => (r.method === "tools/call" ? { status: 400, body: "bad" } : undefined));
      const error = await pool
        .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_HTTP")).toBe(true);
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(1);
    });

    test("results unpack from structuredContent, JSON text or plain text", async () => {
      const { pool } = await setup(mode, 1, {
        tools: {
          structured: () => ({ content: [{ type: "text", text: "{}" }], structuredContent: { n: 1 } }),
          json: () => ({
            content: [
              { type: "text", text: '{"n":' },
              { type: "text", text: "2}" },
            ],
          }),
          plain: () => ({ content: [{ type: "text", text: "three" }] }),
        },
      });
      const opts = { accountId: account(0), region: "us-east-1" };
      expect(await pool.callTool("structured", {}, opts)).toEqual({
        value: { n: 1 },
        from: "structured",
        text: "{}",
      });
      expect(await pool.callTool("json", {}, opts)).toEqual({
        value: { n: 2 },
        from: "json-text",
        text: '{"n":2}',
      });
      expect(await pool.callTool("plain", {}, opts)).toEqual({ value: "three", from: "text", text: "three" });
    });

    test("isError results and JSON-RPC errors are distinct errors with the server's text", async () => {
      const { pool, credentials } = await setup(mode, 1, {
        tools: {
          broken: () => ({
            isError: true,
            content: [{ type: "text", text: "OperationNotFoundError: describe_x" }],
          }),
        },
      });
      const opts = { accountId: account(0), region: "us-east-1" };
      const toolError = await pool.callTool("broken", {}, opts).catch((e) => e);
      expect(isOpsError(toolError, "E_MCP_TOOL")).toBe(true);
      expect(toolError.message).toContain("OperationNotFoundError: describe_x");
      const rpcError = await pool.callTool("aws___call_aws", {}, opts).catch((e) => e);
      expect(isOpsError(rpcError, "E_MCP_PROTOCOL")).toBe(true);
      expect(rpcError.cause).toBeInstanceOf(McpWireError);
      expect(rpcError.cause.code).toBe(-32602);
      expect(rpcError.message).toContain("aws___call_aws");
      expect(credentials.invalidations(account(0))).toBe(0);
    });

    test("a credentials error from the tool refreshes once, then E_MCP_AUTH", async () => {
      const text =
        "Tool call 'aws___run_script' failed due to expired or invalid AWS credentials. Please refresh.";
      const { server, pool, credentials } = await setup(mode, 1, {
        tools: { aws___run_script: () => ({ isError: true, content: [{ type: "text", text }] }) },
      });
      const error = await pool
        .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_AUTH")).toBe(true);
      expect(error.message).toContain("expired or invalid AWS credentials");
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(2);
    });

    // One rule (AWS_AUTH_CODES read from the botocore prefix or a region's `code`), whatever the words:
    // neither answer below says "expired or invalid AWS credentials".
    test("a tool error that names only InvalidClientTokenId refreshes the credentials once, then succeeds", async () => {
      const text =
        "ClientError: An error occurred (InvalidClientTokenId) when calling the DescribeInstances operation: The security token included in the request is invalid.";
      let calls = 0;
      const { server, pool, credentials } = await setup(mode, 1, {
        tools: {
          aws___run_script: () =>
            calls++ === 0
              ? { isError: true, content: [{ type: "text", text }] }
              : { content: [{ type: "text", text: '{"ok":1}' }] },
        },
      });
      const out = await pool.callTool(
        "aws___run_script",
        { code: "x" },
        { accountId: account(0), region: "us-east-1" },
      );
      expect(out.value).toEqual({ ok: 1 });
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(2);
    });

    test("a script answer whose region error has code InvalidClientTokenId refreshes once; a second one is returned as it is", async () => {
      const denied = {
        v: 2,
        regions: [{ region: "us-east-1", error: { code: "InvalidClientTokenId", message: "invalid token" } }],
      };
      const { server, pool, credentials } = await setup(mode, 1, {
        tools: { aws___run_script: () => ({ content: [{ type: "text", text: JSON.stringify(denied) }] }) },
      });
      const out = await pool.callTool(
        "aws___run_script",
        { code: "x" },
        { accountId: account(0), region: "us-east-1" },
      );
      expect(out.value).toEqual(denied);
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests.filter((r) => r.method === "tools/call").length).toBe(2);
    });

    test("stale credentials (403 at initialize) are refreshed once, then the call succeeds", async () => {
      const stale = {
        accessKeyId: "AKIAFAKESTALE0000001",
        secretAccessKey: "stale/secret/xxxxxxxxxxxxxxxxxxxxxxxxxxx",
      };
      const fresh = keysFor(0);
      const credentials = createStaticCredentials({ [account(0)]: [stale, fresh] });
      server = await startFakeMcpServer({
        mode,
        keys: {
          [fresh.accessKeyId]: {
            secretAccessKey: fresh.secretAccessKey,
            sessionToken: fresh.sessionToken,
            accountId: account(0),
          },
        },
      });
      pool = createMcpPool({ settings: settings({ endpoint: server.url }), credentials });
      const out = await pool.callTool(
        "aws___run_script",
        { code: "x" },
        { accountId: account(0), region: "us-east-1" },
      );
      expect(out.value).toEqual({ account: account(0), region: "us-east-1" });
      expect(credentials.invalidations(account(0))).toBe(1);
      expect(server.requests[0]).toMatchObject({
        method: "initialize",
        status: 403,
        reason: "unknown access key AKIAFAKESTALE0000001",
      });
    });

    test("close() ends every session with DELETE", async () => {
      const { server, pool } = await setup(mode, 2);
      for (const i of [0, 1])
        await pool.callTool(
          "aws___run_script",
          { code: "x" },
          { accountId: account(i), region: "us-east-1" },
        );
      await pool.close();
      const deletes = server.requests.filter((r) => r.httpMethod === "DELETE");
      expect(deletes.map((r) => [r.accountId, r.status]).sort()).toEqual([
        [account(0), 200],
        [account(1), 200],
      ]);
      const error = await pool
        .callTool("aws___run_script", {}, { accountId: account(0), region: "us-east-1" })
        .catch((e) => e);
      expect(isOpsError(error, "E_MCP_UNAVAILABLE")).toBe(true);
    });

    test("tools/list is read once per endpoint", async () => {
      const { server, pool } = await setup(mode, 2);
      const first = await pool.listTools(account(0));
      const second = await pool.listTools(account(1));
      expect(first.map((t) => t.name)).toContain("aws___run_script");
      expect(second).toBe(first);
      expect(server.requests.filter((r) => r.method === "tools/list").length).toBe(1);
    });
  });
}

test("retries stop when the retry budget is spent, whatever max_retries says", async () => {
  const { server, pool } = await setup("json", 1, {}, { max_retries: 50, retry_budget_ms: 400 });
  server.setFault((r) =>
    r.method === "tools/call" ? { status: 503, body: "Service Unavailable" } : undefined,
  );
  const error = await pool
    .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
    .catch((e) => e);
  expect(isOpsError(error, "E_MCP_UNAVAILABLE")).toBe(true);
  expect(error.cause).toBeInstanceOf(McpHttpError);
  expect(error.cause.status).toBe(503);
  const attempts = server.requests.filter((r) => r.method === "tools/call").length;
  expect(attempts).toBeGreaterThan(1);
  expect(attempts).toBeLessThan(51);
});

test("a retry cut short by the retry budget reports the failure it retried, not a timeout", async () => {
  const { server, pool } = await setup("json", 1, {}, { max_retries: 5, retry_budget_ms: 300 });
  let n = 0;
  server.setFault((r) => {
    if (r.method !== "tools/call") return undefined;
    return n++ === 0 ? { status: 503, body: "Service Unavailable" } : { hang: true };
  });
  const error = await pool
    .callTool("aws___run_script", { code: "x" }, { accountId: account(0), region: "us-east-1" })
    .catch((e) => e);
  expect(isOpsError(error, "E_MCP_UNAVAILABLE")).toBe(true);
  expect(error.cause).toBeInstanceOf(McpHttpError);
  expect(error.cause.status).toBe(503);
});

test("each account has its own token bucket: a fan-out is paced per account, not globally", async () => {
  const { server, pool } = await setup("json", 2, {}, { rate_per_account: 10 });
  // All of account 0's calls are queued before any of account 1's.
  await Promise.all(
    Array.from({ length: 40 }, (_, n) =>
      pool.callTool(
        "aws___run_script",
        { code: `${n}` },
        { accountId: account(n < 20 ? 0 : 1), region: "us-east-1" },
      ),
    ),
  );
  for (const id of [account(0), account(1)]) {
    const times = server.requests.filter((r) => r.accountId === id).map((r) => r.at);
    expect(times.length).toBe(22); // initialize, notifications/initialized, 20 calls
    // Burst of 10, then 10/s: no 1-second window holds more than 10 + 10 requests.
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(20);
  }
  // Order, not time: behind one shared bucket account 1 would wait for all of account 0's calls; with its
  // own bucket its burst goes out while account 0 is still being paced.
  const calls = server.requests.filter((r) => r.method === "tools/call");
  const lastOf0 = calls.findLastIndex((r) => r.accountId === account(0));
  const firstOf1 = calls.findIndex((r) => r.accountId === account(1));
  expect(firstOf1).toBeLessThan(lastOf0);
});

test("debug logs name method, tool, account, region, status, duration and attempt — never secrets or bodies", async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) });
  const k = keysFor(0);
  const credentials = createStaticCredentials({ [account(0)]: k });
  server = await startFakeMcpServer({
    mode: "json",
    keys: {
      [k.accessKeyId]: {
        secretAccessKey: k.secretAccessKey,
        sessionToken: k.sessionToken,
        accountId: account(0),
      },
    },
  });
  let n = 0;
  server.setFault((r) => (r.method === "tools/call" && n++ === 0 ? { status: 503 } : undefined));
  pool = createMcpPool({ settings: settings({ endpoint: server.url }), credentials, logger });
  await pool.callTool(
    "aws___run_script",
    { code: "SECRET_CODE_BODY" },
    { accountId: account(0), region: "eu-west-1" },
  );
  const entries = lines.map((l) => JSON.parse(l));
  const calls = entries.filter((e) => e.msg === "mcp http" && e.method === "tools/call");
  expect(calls.map((e) => [e.status, e.attempt])).toEqual([
    [503, 1],
    [200, 2],
  ]);
  for (const e of calls) {
    expect(e).toMatchObject({ tool: "aws___run_script", account: account(0), region: "eu-west-1" });
    expect(typeof e.duration_ms).toBe("number");
  }
  const all = lines.join("\n");
  for (const secret of [
    k.secretAccessKey,
    k.sessionToken!,
    k.accessKeyId,
    "SECRET_CODE_BODY",
    "Signature=",
    "AWS4-HMAC",
  ]) {
    expect(all).not.toContain(secret);
  }
});

test("a required tool the endpoint does not list fails before the call, naming what it offers", async () => {
  const { server } = await setup("json", 1, {
    omitRunScript: true,
    tools: { aws___search_documentation: () => ({ content: [] }) },
  });
  const credentials = createStaticCredentials({ [account(0)]: keysFor(0) });
  const strict = createMcpPool({
    settings: settings({ endpoint: server.url }),
    credentials,
    requireTools: ["aws___run_script"],
  });
  try {
    const opts = { accountId: account(0), region: "us-east-1" };
    const error = await strict.callTool("aws___run_script", { code: "return 1" }, opts).catch((e) => e);
    expect(isOpsError(error, "E_MCP_UNAVAILABLE")).toBe(true);
    expect(error.message).toContain("does not offer the tool aws___run_script");
    expect(error.hint).toContain("aws___search_documentation");
    expect(server.requests.filter((r) => r.method === "tools/call")).toHaveLength(0);
    expect(server.requests.filter((r) => r.method === "tools/list")).toHaveLength(1);
  } finally {
    await strict.close();
  }
});
