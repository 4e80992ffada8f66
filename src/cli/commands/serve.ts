import { defineCommand } from "citty";
import type { ServerSettings } from "../../config/types.ts";
import { OpsError } from "../../errors.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { printError } from "../errors.ts";

function portArg(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OpsError("E_USAGE", `${flag} must be a port number 0–65535 (got "${String(value)}")`);
  }
  return port;
}

export default defineCommand({
  meta: {
    name: "serve",
    description: "Serve the AgentCore HTTP contract (POST /invocations, GET /ping); --mcp adds MCP on /mcp",
  },
  args: {
    ...commonArgs,
    host: {
      type: "string",
      description:
        "Address to bind (default: server.host, 127.0.0.1); others need a token (OPS_AGENT_AUTH_TOKEN) or --trust agentcore",
      valueHint: "addr",
    },
    trust: {
      type: "string",
      description:
        "agentcore: Bedrock AgentCore authenticates callers in front (default: server.trust, none)",
      valueHint: "none|agentcore",
    },
    port: { type: "string", description: "HTTP port (default: server.port, 8080)", valueHint: "port" },
    mcp: { type: "boolean", description: "Also serve the tools as stateless MCP Streamable HTTP at /mcp" },
    "mcp-port": {
      type: "string",
      description: "MCP port (default: server.mcp_port, 8000)",
      valueHint: "port",
    },
  },
  async run({ args }) {
    const port = portArg(args.port, "--port");
    const mcpPort = portArg(args["mcp-port"], "--mcp-port");
    if (args.trust !== undefined && args.trust !== "none" && args.trust !== "agentcore")
      throw new OpsError("E_USAGE", `--trust must be none or agentcore (got "${String(args.trust)}")`);
    // The flags are configuration layers: what serves is the effective config, with their provenance.
    const server: Array<[string, unknown, Partial<ServerSettings>]> = [
      ["--host", args.host, { host: args.host }],
      ["--trust", args.trust, { trust: args.trust as ServerSettings["trust"] }],
      ["--port", port, { port }],
      ["--mcp-port", mcpPort, { mcp_port: mcpPort }],
    ];
    // JSON log lines for the container's log collector; pretty when a person watches the terminal.
    const ctx = await createCliContext(args, {
      defaultFormat: process.stdout.isTTY ? "pretty" : "json",
      defaultLevel: "info",
      flags: server
        .filter(([, value]) => value !== undefined)
        .map(([source, , settings]) => ({ source, settings: { server: settings } })),
    });
    const settings = ctx.config.settings.server;
    const { readAuthTokens } = await import("../auth-token.ts");
    const tokens = readAuthTokens(ctx.config, ctx.env, process.cwd());
    const { runServe } = await import("../../server/serve.ts");
    const code = await runServe({
      settings,
      tokens,
      logger: ctx.logger,
      // Loaded after the port listens: the runtime pulls in the AWS SDK, credentials and the model client.
      runtime: () => import("../runtime.ts").then((m) => m.createRuntime(ctx, { accountsCache: "memory" })),
      mcp: args.mcp === true,
    }).catch((error: unknown) => printError(error)); // a port in use: say so and stop, whatever runs
    // Keep-alive sockets of SDK clients must not hold the process open after a clean stop.
    process.exit(code);
  },
});
