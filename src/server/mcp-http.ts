import { messageOf } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import { VERSION } from "../version.ts";
import { readBody } from "./body.ts";
import { listen, localUrl } from "./listen.ts";
import { createPingState } from "./ping.ts";
import { HttpError, json } from "./respond.ts";

export interface McpHttpServerOptions {
  /** The executor, or how to get it: `serve --mcp` binds the port before the runtime is built. */
  executor: Executor | (() => Promise<Executor>);
  logger: Logger;
  /** AgentCore's MCP contract: 0.0.0.0:8000. 0 picks a free port. */
  port?: number;
  hostname?: string;
  /** Largest accepted JSON-RPC body in bytes (default 4 MiB, as the SDK's transport). */
  maxBodyBytes?: number;
  version?: string;
}

export interface McpHttpServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const ACCEPT = "application/json, text/event-stream";
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/**
 * The same tools as `ops-agent mcp`, as **stateless** Streamable HTTP on `/mcp`: a fresh MCP server
 * and transport per request, so any `Mcp-Session-Id` the platform adds is accepted and no request
 * needs an earlier `initialize`. Answers are JSON (no SSE) since no tool streams progress.
 */
export function startMcpHttpServer(options: McpHttpServerOptions): McpHttpServer {
  const { logger } = options;
  const ping = createPingState();
  // The MCP SDK (and zod) load on the first request, so binding the port costs no start-up time.
  const sdk = () =>
    Promise.all([
      import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
      import("./mcp-tools.ts"),
    ]);

  async function handle(request: Request): Promise<Response> {
    // The platform's health probe may carry no body, Accept or Content-Type: answer it, don't reject it.
    const body = await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    if (body.byteLength === 0) return json({ status: "Healthy" });
    const headers = new Headers(request.headers);
    const accept = headers.get("accept") ?? "";
    if (!accept.includes("application/json") || !accept.includes("text/event-stream"))
      headers.set("accept", ACCEPT);
    if (!headers.get("content-type")) headers.set("content-type", "application/json");
    const normalized = new Request(request.url, { method: "POST", headers, body, signal: request.signal });
    const [{ WebStandardStreamableHTTPServerTransport }, { createMcpToolServer }] = await sdk();
    const executor = typeof options.executor === "function" ? await options.executor() : options.executor;
    const server = createMcpToolServer({ executor, logger, version: options.version ?? VERSION });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    const end = ping.begin();
    try {
      await server.connect(transport);
      return await transport.handleRequest(normalized);
    } finally {
      end();
      await server.close().catch(() => undefined);
    }
  }

  const server = listen(
    {
      hostname: options.hostname ?? "0.0.0.0",
      port: options.port ?? 8000,
      idleTimeout: 0,
      async fetch(request) {
        const { pathname } = new URL(request.url);
        try {
          if (pathname === "/ping" && (request.method === "GET" || request.method === "HEAD"))
            return json(ping.snapshot());
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
          return await handle(request);
        } catch (error) {
          if (error instanceof HttpError) {
            const body = { jsonrpc: "2.0", error: { code: -32600, message: error.message }, id: null };
            return json(body, error.status);
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
