/**
 * An in-process AWS MCP Server for tests and benches: the simulator the sandbox runs
 * (`src/sandbox/mcp-simulator.ts`: the MCP SDK's transport and `Server`, stateful sessions, SigV4
 * verified with `@smithy/signature-v4`, fault hooks, profiles) behind `Bun.serve`, with these tools.
 *
 *   const server = await startFakeMcpServer({ mode: "json" | "sse", keys: { AKIA…: { secretAccessKey, accountId } } });
 *   server.url                 // http://127.0.0.1:<port>/mcp — sign as service aws-mcp, region us-east-1
 *   server.requests            // every HTTP request: accessKeyId, accountId, method, tool, metaRegion, status…
 *   server.scripts             // arguments and context of every default aws___run_script call
 *   server.setFault((r) => r.method === "tools/call" ? { status: 429 } : undefined)
 *   server.expireSessions()    // the next request on an old session gets 404
 *   server.abandoned           // hung requests whose client went away (socket closed)
 *   await server.close()
 *
 * Tools: `tools` maps a name to `(args, ctx: { accountId, region, accessKeyId }) => CallToolResult`;
 * a default `aws___run_script` (argument `code`) records its call and answers `{account, region}` as
 * JSON text; an unknown tool gets the JSON-RPC error -32602 as from the real server. Faults run after
 * the signature check (`FaultAction`: a status, a drop mid-response, a hang, a delay). GET answers 405
 * with the real server's body. `profile` (e.g. `sandboxProfile("realistic")`) adds quotas, latency,
 * the result envelope and tasks.
 */
import type { FaultHook } from "../../src/sandbox/mcp-faults.ts";
import type { McpProfile } from "../../src/sandbox/mcp-profile.ts";
import type { SimTool, SimToolContext } from "../../src/sandbox/mcp-sim-server.ts";
import type { SimIdentity, SimRecord } from "../../src/sandbox/mcp-sim-types.ts";
import { createMcpSimulator } from "../../src/sandbox/mcp-simulator.ts";

export type { FaultAction, FaultHook, FaultRequest } from "../../src/sandbox/mcp-faults.ts";
export type FakeKey = SimIdentity;
export type ToolContext = SimToolContext;
export type RecordedRequest = SimRecord;
export type FakeTool = SimTool["call"];

export interface FakeMcpServerOptions {
  mode: "json" | "sse";
  keys: Record<string, FakeKey>;
  tools?: Record<string, FakeTool>;
  /** Leave out the default `aws___run_script` (a server that does not offer it; `doctor` must say so). */
  omitRunScript?: boolean;
  /** Delay before every answer. */
  latencyMs?: number;
  faults?: FaultHook;
  /** Quotas, script latency, envelope, tasks; `fast` (none) by default. */
  profile?: McpProfile;
  /**
   * Check signatures (default). Benchmarks turn it off so a signed and an unsigned client meet the
   * same server; unsigned requests then run as the first key's account.
   */
  verify?: boolean;
  /** Expected SigV4 scope; aws-mcp / us-east-1 by default. */
  service?: string;
  region?: string;
}

export interface FakeMcpServer {
  url: string;
  requests: RecordedRequest[];
  scripts: Array<{ args: Record<string, unknown>; ctx: ToolContext }>;
  readonly abandoned: number;
  setFault(hook: FaultHook | undefined): void;
  expireSessions(): Promise<void>;
  close(): Promise<void>;
}

const RUN_SCRIPT_SCHEMA: SimTool["inputSchema"] = {
  type: "object",
  properties: { code: { type: "string" } },
  required: ["code"],
};

export async function startFakeMcpServer(options: FakeMcpServerOptions): Promise<FakeMcpServer> {
  const requests: RecordedRequest[] = [];
  const scripts: FakeMcpServer["scripts"] = [];
  const handlers: Record<string, FakeTool> = {
    aws___run_script: (args, ctx) => {
      scripts.push({ args, ctx });
      return {
        content: [{ type: "text", text: JSON.stringify({ account: ctx.accountId, region: ctx.region }) }],
      };
    },
    ...options.tools,
  };
  if (options.omitRunScript) delete handlers.aws___run_script;
  const tools: SimTool[] = Object.entries(handlers).map(([name, call]) => ({
    name,
    description: `fake ${name}`,
    inputSchema: name === "aws___run_script" ? RUN_SCRIPT_SCHEMA : { type: "object" },
    call,
  }));
  const simulator = createMcpSimulator({
    identify: (accessKeyId) =>
      Object.hasOwn(options.keys, accessKeyId) ? options.keys[accessKeyId] : undefined,
    tools,
    service: options.service,
    signingRegion: options.region,
    responseMode: options.mode,
    profile: options.profile,
    faults: options.faults,
    latencyMs: options.latencyMs,
    verify: options.verify,
    fallbackKey: Object.keys(options.keys)[0],
    onRecord: (record) => void requests.push(record),
    name: "fake-aws-mcp",
  });
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    error: () => new Response(null, { status: 500 }),
    fetch: (request) => simulator.handle(request),
  });

  return {
    url: `http://127.0.0.1:${server.port}/mcp`,
    requests,
    scripts,
    get abandoned() {
      return simulator.abandoned;
    },
    setFault: (hook) => simulator.setFault(hook),
    expireSessions: () => simulator.expireSessions(),
    async close() {
      await simulator.close();
      await server.stop(true);
    },
  };
}
