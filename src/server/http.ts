import type { Server } from "bun";
import type { Agent } from "../agent/types.ts";
import type { ServerSettings } from "../config/types.ts";
import { messageOf } from "../errors.ts";
import type { Logger } from "../log.ts";
import { type AccessPolicy, checkHost, checkJsonContentType, checkOrigin, checkToken } from "./access.ts";
import { REQUEST_ID_HEADER } from "./invocation.ts";
import { createInvocations } from "./invocations.ts";
import { listen, localUrl } from "./listen.ts";
import { createPingState, type PingState } from "./ping.ts";
import { HttpError, httpErrorResponse, json, safeError } from "./respond.ts";

export interface HttpServerOptions {
  settings: ServerSettings;
  /** Built on first use, so `/ping` never waits for credentials or the model. */
  agent: () => Promise<Agent>;
  logger: Logger;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
  /** Override `settings.host` / `settings.port` (0 picks a free port). */
  hostname?: string;
  port?: number;
  /** Called after each `GET /ping` is answered (serve starts heavy work only once the platform saw us up). */
  onPing?: () => void;
  /** Bearer tokens callers must present (none: loopback or `trust: agentcore`, checked by `serve`). */
  tokens?: string[];
}

export interface HttpServer {
  url: string;
  port: number;
  /** `/ping` state; `ping.begin()` also marks background work so the session is kept alive. */
  ping: PingState;
  /** True while invocations or background work run. */
  busy(): boolean;
  /** Stops accepting, lets in-flight invocations finish for up to `graceMs`, aborts the rest, closes. */
  stop(graceMs?: number): Promise<void>;
}

/** The AgentCore HTTP contract (`GET /ping`, `POST /invocations`) on Bun.serve. */
export function startHttpServer(options: HttpServerOptions): HttpServer {
  const { settings, logger } = options;
  const ping = createPingState(options.now);
  const invocations = createInvocations({ settings, agent: options.agent, logger, ping });
  const hostname = options.hostname ?? settings.host;
  const tokens = options.tokens ?? [];
  const policy: AccessPolicy = {
    tokens,
    allowedOrigins: settings.allowed_origins,
    allowedHosts: settings.allowed_hosts,
    boundHost: hostname,
  };
  let stopping: Promise<void> | undefined;

  async function route(request: Request, server: Server<undefined>): Promise<Response> {
    const { pathname } = new URL(request.url);
    // The platform's health check carries no token; everything else is the operator's or refused.
    let tokenIndex = -1;
    if (pathname !== "/ping" || (request.method !== "GET" && request.method !== "HEAD")) {
      checkOrigin(request, policy);
      checkHost(request, policy);
      tokenIndex = checkToken(request, policy);
    }
    if (pathname === "/ping") {
      if (request.method !== "GET" && request.method !== "HEAD") {
        throw new HttpError(405, "E_METHOD_NOT_ALLOWED", `${request.method} /ping is not allowed`, {
          allow: "GET, HEAD",
        });
      }
      options.onPing?.();
      return request.method === "HEAD"
        ? new Response(null, { headers: { "content-type": "application/json" } })
        : json(ping.snapshot());
    }
    if (pathname === "/invocations") {
      if (request.method !== "POST") {
        throw new HttpError(405, "E_METHOD_NOT_ALLOWED", `${request.method} /invocations is not allowed`, {
          allow: "POST",
        });
      }
      checkJsonContentType(request);
      return invocations.handle(
        request,
        server,
        request.headers.get(REQUEST_ID_HEADER) || crypto.randomUUID(),
        tokenIndex < 0 ? undefined : tokens[tokenIndex],
      );
    }
    throw new HttpError(404, "E_NOT_FOUND", `no route for ${request.method} ${pathname.slice(0, 200)}`);
  }

  const server = listen(
    {
      hostname,
      port: options.port ?? settings.port,
      idleTimeout: settings.idle_timeout_seconds,
      async fetch(request, srv) {
        try {
          return await route(request, srv);
        } catch (error) {
          if (error instanceof HttpError) {
            // Invocations log their own line; scanners hitting other paths stay at debug level.
            logger.debug("request refused", {
              method: request.method,
              status: error.status,
              error_code: error.code,
            });
            return httpErrorResponse(error);
          }
          const requestId = crypto.randomUUID();
          logger.error("request failed", {
            request_id: requestId,
            error: messageOf(error),
          });
          return json({ error: safeError(error, requestId) }, 500);
        }
      },
      error(error) {
        logger.error("server error", { error: error.message });
        return json({ error: { code: "E_SERVER", message: "internal server error" } }, 500);
      },
    },
    "--port",
  );

  /** Closes the listener first (no new connections), then drains; in-flight streams keep their sockets. */
  function stop(graceMs = settings.shutdown_grace_ms): Promise<void> {
    stopping ??= (async () => {
      const closing = server.stop(false);
      await invocations.drain(graceMs);
      await Promise.race([closing, server.stop(true)]);
    })();
    return stopping;
  }

  return {
    url: localUrl(server),
    port: server.port ?? 0,
    ping,
    busy: () => ping.active() > 0,
    stop,
  };
}
