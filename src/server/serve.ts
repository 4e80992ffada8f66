import type { Agent } from "../agent/types.ts";
import type { ServerSettings } from "../config/types.ts";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import { assertBindAllowed } from "./access.ts";
import { startHttpServer } from "./http.ts";
import { type McpHttpServer, startMcpHttpServer } from "./mcp-http.ts";

/** What `serve` needs of the composition root (src/cli/runtime.ts `Runtime` fits). */
export interface ServeRuntime {
  executor: Executor;
  agent(): Promise<Agent>;
  close(): Promise<void>;
}

export interface ServeOptions {
  settings: ServerSettings;
  logger: Logger;
  /** Called once, after `/ping` is up: nothing slow may run before the port answers. */
  runtime: () => Promise<ServeRuntime>;
  /** Also serve the tools as MCP on `mcpPort` (`serve --mcp`). */
  mcp?: boolean;
  hostname?: string;
  port?: number;
  mcpPort?: number;
  /** Bearer tokens callers must present (from `server.auth_token_file` and `OPS_AGENT_AUTH_TOKEN`). */
  tokens?: string[];
  signals?: NodeJS.Signals[];
}

/** Milliseconds after listening at which the runtime starts building if no ping or invocation came. */
const WARMUP_MS = 100;

/**
 * Runs the servers until SIGTERM/SIGINT, then stops accepting, lets in-flight invocations finish
 * within `shutdown_grace_ms`, closes the runtime (MCP sessions) and resolves with the exit code.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const { settings, logger } = options;
  const hostname = options.hostname ?? settings.host;
  const tokens = options.tokens ?? [];
  // Before anything listens: a server anyone on the network could drive never starts.
  assertBindAllowed(hostname, tokens, settings.trust);
  let resolveStop!: (result: { code: number; reason: string }) => void;
  const stopped = new Promise<{ code: number; reason: string }>((resolve) => {
    resolveStop = resolve;
  });
  // Building the runtime blocks the event loop for a while (plugin schemas, SDK modules): start it
  // right after the first /ping is answered, on the first invocation, or after WARMUP_MS — whichever
  // comes first — so the platform's first health check never waits behind it.
  let runtime: Promise<ServeRuntime> | undefined;
  const startRuntime = (): Promise<ServeRuntime> => {
    if (!runtime) {
      runtime = options.runtime();
      runtime.catch((error: unknown) => {
        logger.error("runtime failed to start", {
          error: messageOf(error),
        });
        resolveStop({ code: 1, reason: "runtime failed" });
      });
    }
    return runtime;
  };
  // Every port is bound before anything else starts: a port in use fails the command at once
  // (nothing built yet keeps the process alive), in every mode.
  const http = startHttpServer({
    settings,
    logger,
    hostname,
    tokens,
    port: options.port,
    agent: () => startRuntime().then((r) => r.agent()),
    onPing: () => {
      if (!runtime) setTimeout(startRuntime, 0); // after this ping's response is written
    },
  });
  let mcp: McpHttpServer | undefined;
  if (options.mcp) {
    try {
      mcp = startMcpHttpServer({
        executor: () => startRuntime().then((r) => r.executor),
        logger,
        settings,
        tokens,
        hostname,
        port: options.mcpPort ?? settings.mcp_port,
      });
    } catch (error) {
      await http.stop(0);
      throw error;
    }
  }
  logger.info("listening", {
    url: http.url,
    auth: tokens.length > 0 ? "bearer token" : settings.trust === "agentcore" ? "agentcore" : "loopback only",
    ping: `${http.url}/ping`,
    invocations: `${http.url}/invocations`,
  });
  if (mcp) logger.info("mcp listening", { url: mcp.url });
  const warmup = setTimeout(startRuntime, WARMUP_MS);

  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const onSignal = (signal: NodeJS.Signals) => resolveStop({ code: 0, reason: signal });
  for (const s of signals) process.on(s, onSignal);
  stopped.then(() => {
    clearTimeout(warmup);
    for (const s of signals) process.off(s, onSignal);
  });

  const { code, reason } = await stopped;
  logger.info("shutting down", {
    reason,
    in_flight: http.ping.active(),
    grace_ms: settings.shutdown_grace_ms,
  });
  await Promise.all([http.stop(settings.shutdown_grace_ms), mcp?.stop()]);
  await runtime?.then((r) => r.close()).catch(() => undefined);
  logger.info("stopped", { code });
  return code;
}
