import type { Server } from "bun";
import { defaultSettings } from "../config/schema.ts";
import type { ServerSettings } from "../config/types.ts";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import { VERSION } from "../version.ts";
import { type AccessPolicy, checkHost, checkJsonContentType, checkOrigin, checkToken } from "./access.ts";
import { readBody } from "./body.ts";
import { listen, localUrl } from "./listen.ts";
import { createPingState } from "./ping.ts";
import { HttpError, json } from "./respond.ts";

export interface McpHttpServerOptions {
  /** The executor, or how to get it: `serve --mcp` binds the port before the runtime is built. */
  executor: Executor | (() => Promise<Executor>);
  logger: Logger;
  /** Body cap and deadline, concurrency cap, idle timeout, allowed origins and hosts. */
  settings?: ServerSettings;
  /** Bearer tokens callers must present (none: loopback or `trust: agentcore`, checked by `serve`). */
  tokens?: string[];
  /** AgentCore's MCP contract: 0.0.0.0:8000. 0 picks a free port. */
  port?: number;
  hostname?: string;
  version?: string;
}

export interface McpHttpServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const ACCEPT = "application/json, text/event-stream";

/**
 * The same tools as `ops-agent mcp`, as **stateless** Streamable HTTP on `/mcp`: a fresh MCP server
 * and transport per request, so any `Mcp-Session-Id` the platform adds is accepted and no request
 * needs an earlier `initialize`. Answers are JSON (no SSE) since no tool streams progress. Requests
 * pass the same access checks as `/invocations` plus `Host` (DNS rebinding); the body is read (capped
 * in size and time) before one of `max_concurrent` slots is taken; a client that disconnects closes
 * its MCP server, which aborts the tool call and so the fan-out.
 */
export function startMcpHttpServer(options: McpHttpServerOptions): McpHttpServer {
  const { logger } = options;
  const settings = options.settings ?? { ...defaultSettings.server, host: "0.0.0.0" };
  const hostname = options.hostname ?? settings.host;
  const ping = createPingState();
  const policy: AccessPolicy = {
    tokens: options.tokens ?? [],
    allowedOrigins: settings.allowed_origins,
    allowedHosts: settings.allowed_hosts,
    boundHost: hostname,
  };
  // The MCP SDK (and zod) load on the first request, so binding the port costs no start-up time.
  const sdk = () =>
    Promise.all([
      import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
      import("./mcp-tool-server.ts"),
    ]);

  async function handle(request: Request, http: Server<undefined>): Promise<Response> {
    const body = await readBody(request, settings.max_body_bytes, settings.body_timeout_ms);
    // The platform's health probe may carry no body, Accept or Content-Type: answer it, don't reject it.
    if (body.byteLength === 0) return json({ status: "Healthy" });
    checkJsonContentType(request);
    if (ping.active() >= settings.max_concurrent) {
      throw new HttpError(503, "E_BUSY", `${settings.max_concurrent} MCP requests are already running`, {
        "retry-after": "1",
      });
    }
    const headers = new Headers(request.headers);
    const accept = headers.get("accept") ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream"))
      headers.set("accept", ACCEPT);
    const normalized = new Request(request.url, { method: "POST", headers, body });
    const [{ WebStandardStreamableHTTPServerTransport }, { createMcpToolServer }] = await sdk();
    const executor = typeof options.executor === "function" ? await options.executor() : options.executor;
    const server = createMcpToolServer({ executor, logger, version: options.version ?? VERSION });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const end = ping.begin();
    // Closing the server aborts its running handlers (the SDK's per-request signals).
    const onGone = () => void server.close().catch(() => undefined);
    request.signal.addEventListener("abort", onGone, { once: true });
    try {
      // A tool call may be silent for minutes; the connection must not idle out meanwhile.
      http.timeout(request, 0);
      await server.connect(transport);
      return await transport.handleRequest(normalized);
    } finally {
      request.signal.removeEventListener("abort", onGone);
      end();
      await server.close().catch(() => undefined);
    }
  }

  const server = listen(
    {
      hostname,
      port: options.port ?? 8000,
      idleTimeout: settings.idle_timeout_seconds,
      async fetch(request, http) {
        const { pathname } = new URL(request.url);
        try {
          if (pathname === "/ping" && (request.method === "GET" || request.method === "HEAD"))
            return json(ping.snapshot());
          checkOrigin(request, policy);
          checkHost(request, policy);
          checkToken(request, policy);
          if (pathname !== "/mcp" && pathname !== "/mcp/")
            return json(
              { error: { code: "E_NOT_FOUND", message: `no route for ${pathname.slice(0, 200)}` } },
              404,
            );
          if (request.method !== "POST") {
            // Stateless: there is no session stream to GET and no session to DELETE.
            return json(
              { jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: use POST" }, id: null },
              405,
              { allow: "POST" },
            );
          }
          return await handle(request, http);
        } catch (error) {
          if (error instanceof HttpError) {
            const body = { jsonrpc: "2.0", error: { code: -32600, message: error.message }, id: null };
            return json(body, error.status, error.headers);
          }
          logger.error("mcp request failed", {
            error: messageOf(error),
          });
          return json({ jsonrpc: "2.0", error: { code: -32603, message: "internal error" }, id: null }, 500);
        }
      },
    },
    "--mcp-port",
  );
  return { url: `${localUrl(server)}/mcp`, port: server.port ?? 0, stop: () => server.stop(true) };
}
