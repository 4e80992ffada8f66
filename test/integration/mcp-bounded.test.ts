// Issue 17, "upstream answers are bounded while they are read". On the old main the gzip bomb below
// (test/fixtures/bounded/gzip-bomb-call.ts) was inflated whole (RSS grew by the full inflated size), a deeply nested answer reached the SDK's
// parser, and an answer of any size was buffered. Now each is an E_MCP_RESPONSE unit error.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import { isOpsError } from "../../src/errors.ts";
import { createDepthScanner, jsonTooDeep } from "../../src/mcp/bounded-response.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { type FakeMcpServer, type FaultAction, startFakeMcpServer } from "../fakes/mcp-server.ts";
import { runFixtureReport } from "../helpers/fixture-report.ts";
import { createStaticCredentials } from "../helpers/static-credentials.ts";

const ACCOUNT = "111111111111";
const KEY = {
  accessKeyId: "AKIAFAKEBOUNDED00001",
  secretAccessKey: "bounded/secret/xxxxxxxxxxxxxxxxxxxxxxxxx",
  sessionToken: "tok",
};
const CAP = 1024 * 1024;

let server: FakeMcpServer;
let pool: McpPool;
let answer: FaultAction | undefined;

beforeAll(async () => {
  server = await startFakeMcpServer({
    mode: "json",
    keys: { [KEY.accessKeyId]: { ...KEY, accountId: ACCOUNT } },
    faults: (r) => (r.method === "tools/call" && r.tool === "aws___run_script" ? answer : undefined),
    tools: {
      deep_text: () => ({ content: [{ type: "text", text: `${"[".repeat(5000)}${"]".repeat(5000)}` }] }),
    },
  });
  pool = createMcpPool({
    settings: {
      ...defaultSettings.mcp,
      endpoint: server.url,
      max_retries: 0,
      rate_per_account: 1000,
      max_response_bytes: CAP,
    },
    credentials: createStaticCredentials({ [ACCOUNT]: [KEY] }),
  });
}, 60_000);
afterAll(async () => {
  await pool.close();
  await server.close();
});

const call = () =>
  pool
    .callTool("aws___run_script", { code: "return 1" }, { accountId: ACCOUNT, region: "us-east-1" })
    .catch((e) => e);

describe("answers bounded while read", () => {
  // In a child process: RSS is process-wide, and this runner shares one process with every other
  // test file, whose leftovers (servers, pipes, GC timing) moved it by more than the bound in CI.
  test("a 1 GiB gzip bomb is cut at mcp.max_response_bytes; peak RSS grows by less than 64 MiB", async () => {
    const report = await runFixtureReport<{
      wire: number;
      inflated: number;
      grown: number;
      classified: { code: string; message: string };
    }>("bounded/gzip-bomb-call.ts");
    console.log(
      `gzip bomb: ${report.wire} bytes on the wire, ${report.inflated} inflated; peak RSS grew ${(report.grown / 1048576).toFixed(1)} MiB`,
    );
    expect(report.classified).toMatchObject({ code: "E_MCP_RESPONSE" });
    expect(report.classified.message).toContain(`larger than ${CAP} bytes`);
    expect(report.grown).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);

  test("a plain answer over the cap is a unit error", async () => {
    answer = {
      status: 200,
      body: `{"x":"${"a".repeat(2 * CAP)}"}`,
      headers: { "content-type": "application/json" },
    };
    expect(isOpsError(await call(), "E_MCP_RESPONSE")).toBe(true);
  });

  test("a deeply nested answer is a unit error before any parser sees it", async () => {
    answer = {
      status: 200,
      body: `{"jsonrpc":"2.0","id":1,"result":${"[".repeat(200_000)}${"]".repeat(200_000)}}`,
      headers: { "content-type": "application/json" },
    };
    const error = await call();
    expect(isOpsError(error, "E_MCP_RESPONSE")).toBe(true);
    expect(error.message).toContain("deeper than 100 levels");
  });

  test("deep JSON inside the tool's text content is refused too; the session keeps working", async () => {
    answer = undefined;
    const error = await pool
      .callTool("deep_text", {}, { accountId: ACCOUNT, region: "us-east-1" })
      .catch((e) => e);
    expect(isOpsError(error, "E_MCP_RESPONSE")).toBe(true);
    const ok = await call();
    expect(ok.value).toEqual({ account: ACCOUNT, region: "us-east-1" });
  });
});

describe("depth scanner", () => {
  test("counts nesting outside strings only, across chunks", () => {
    expect(jsonTooDeep('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonTooDeep('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonTooDeep('{"a":"[[[[[[\\"[[[["}', 2)).toBe(false);
    const scan = createDepthScanner(2);
    const enc = new TextEncoder();
    expect(scan(enc.encode('{"x":"\\'))).toBe(false);
    expect(scan(enc.encode('"[[[", "y": ['))).toBe(false);
    expect(scan(enc.encode("["))).toBe(true);
  });
});
