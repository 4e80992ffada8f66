import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, Config } from "../../src/config/types.ts";
import { silentLogger } from "../../src/log.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { createExecutor } from "../../src/tools/executor.ts";
import type { CallResult } from "../../src/tools/types.ts";
import { type FakeMcpServer, startFakeMcpServer } from "../fakes/mcp-server.ts";
import { keysOf, serverKeys } from "../helpers/call-harness.ts";
import { createStaticCredentials } from "../helpers/static-credentials.ts";

/**
 * The `run_script` answers that are not a result, over the wire in both transports (JSON and SSE),
 * through the signed pool and the executor: a failed envelope is a classified error with the server's
 * message, in every region of the script; an unknown shape is E_MCP_PROTOCOL quoting 300 characters.
 * (The bare value, the success envelope and tasks: sandbox-realistic and probe-shapes.)
 */
const account: Account = {
  id: "210000000001",
  name: "member",
  environment: "test",
  role: "workload",
  regions: ["us-east-1", "eu-west-1"],
  aliases: [],
};
const REGIONS = account.regions;
const LONG = "x".repeat(400);
let answer: unknown;

for (const mode of ["json", "sse"] as const) {
  describe(`run_script answers over ${mode.toUpperCase()}`, () => {
    let server: FakeMcpServer;
    let invoke: () => Promise<CallResult>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      server = await startFakeMcpServer({
        mode,
        keys: serverKeys([account]),
        tools: { aws___run_script: () => ({ content: [{ type: "text", text: JSON.stringify(answer) }] }) },
      });
      const settings = structuredClone(defaultSettings);
      Object.assign(settings.mcp, { endpoint: server.url, rate_per_account: 1000, max_retries: 0 });
      const config: Config = {
        settings,
        accounts: [account],
        env: { endpoints: {}, home: "/" },
        sources: {},
      };
      const pool = createMcpPool({
        settings: settings.mcp,
        credentials: createStaticCredentials({ [account.id]: keysOf(account.id) }),
      });
      const pluginTools = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
      const executor = createExecutor({ config, pluginTools, mcp: pool, logger: silentLogger });
      invoke = () => executor.invoke("ec2_describe_vpcs", { accounts: [account.id] }, { noCache: true });
      close = async () => {
        await pool.close();
        await server.close();
      };
    });
    afterAll(() => close());

    const errors = (call: CallResult) => call.results.map((u) => [u.region, u.error?.code, u.error?.message]);

    test("{status: error} with botocore's words: the AWS code decides, every region fails with it", async () => {
      const message =
        "An error occurred (AccessDenied) when calling the DescribeVpcs operation: denied by SCP";
      answer = { status: "error", error: message, api_calls: [] };
      const call = await invoke();
      expect(call.status).toBe("failed");
      expect(errors(call).sort()).toEqual(REGIONS.map((r) => [r, "E_AWS_ACCESS_DENIED", message]).sort());
    });

    test("{status: failed} without an AWS code: E_MCP_TOOL with the server's message", async () => {
      answer = { status: "failed", message: "script sandbox crashed" };
      const call = await invoke();
      for (const [, code, message] of errors(call)) {
        expect(code).toBe("E_MCP_TOOL");
        expect(message).toBe("the script failed on the server: script sandbox crashed");
      }
    });

    test("an unknown shape: E_MCP_PROTOCOL quoting the first 300 characters", async () => {
      answer = { weird: LONG };
      const call = await invoke();
      const quoted = JSON.stringify(answer).slice(0, 300);
      expect(errors(call).sort()).toEqual(
        REGIONS.map((r) => [
          r,
          "E_MCP_PROTOCOL",
          `the script returned an unexpected value: ${quoted}`,
        ]).sort(),
      );
    });

    test("the success envelope with a JSON-string return value: each region's items", async () => {
      const regions = REGIONS.map((region) => ({
        region,
        items: [{ id: `vpc-${region}` }],
        truncated: false,
      }));
      answer = { status: "success", return_value: JSON.stringify({ v: 2, regions }), api_calls: [] };
      const call = await invoke();
      expect(call.status).toBe("ok");
      expect(call.results.map((u) => [u.region, u.data?.items]).sort()).toEqual(
        REGIONS.map((r) => [r, [{ id: `vpc-${r}` }]]).sort(),
      );
    });
  });
}
