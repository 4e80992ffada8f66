import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { maskAccessKey } from "../redact.ts";
import type { IssuedCredentials, KeyTable } from "./keys.ts";
import { type McpProfile, sandboxProfile } from "./mcp-profile.ts";
import { createQuotaGate, onBodyDone } from "./mcp-quota.ts";
import { createScriptHooks } from "./mcp-scripts.ts";
import { createSandboxMcpServer, type McpToolsOptions } from "./mcp-tools.ts";
import { verifySigV4 } from "./sigv4.ts";

/**
 * The sandbox's AWS MCP Server over Streamable HTTP at `/mcp`. Every request must carry a valid
 * SigV4 signature (service `aws-mcp`, the configured signing region) made with credentials the
 * sandbox STS issued: the key identifies the account whose data the tools see. Sessions are bound to
 * the identity that opened them. Like the real server, GET (the standalone SSE stream) is 405.
 */
export interface McpEndpointOptions extends McpToolsOptions {
  keys: KeyTable;
  /** SigV4 scope region clients must sign for (`settings.mcp.signing_region`). */
  signingRegion: string;
  /** `json` (default) answers POSTs with application/json; `sse` with text/event-stream. */
  responseMode?: "json" | "sse";
  /** Quotas, script latency, envelope and tasks (`mcp-profile.ts`); `fast` by default. */
  profile?: McpProfile;
  now?: () => number;
}

export interface McpEndpoint {
  handle(request: Request): Promise<Response>;
  /** Requests from known callers, `tools/call`s among them by tool, and 429s sent for the quota. */
  stats(): McpEndpointStats;
  close(): Promise<void>;
}

export interface McpEndpointStats {
  requests: number;
  /** Admitted `tools/call` requests by tool name (`aws___run_script`: scripts sent). */
  calls: Record<string, number>;
  throttled: number;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  accountId: string;
}

function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status });
}

const isInitialize = (body: unknown) =>
  typeof body === "object" && body !== null && (body as { method?: unknown }).method === "initialize";

const toolOf = (body: unknown) => {
  const message = body as { method?: unknown; params?: { name?: unknown } } | null;
  return message?.method === "tools/call" ? String(message.params?.name) : undefined;
};

export function createMcpEndpoint(options: McpEndpointOptions): McpEndpoint {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  const log = options.logger;
  const profile = options.profile ?? sandboxProfile("fast");
  const quota = profile.quota && createQuotaGate(profile.quota);
  let requests = 0;
  const calls: Record<string, number> = {};
  const tools: McpToolsOptions = { ...options, scripts: createScriptHooks(profile) };

  const identify = (extra: unknown) => {
    const found = options.keys.lookup(String((extra as { accessKeyId?: unknown } | undefined)?.accessKeyId));
    if (!found) throw new Error("request without a verified identity");
    return found;
  };

  async function open(): Promise<Session> {
    const server = createSandboxMcpServer(tools, identify);
    const session = {} as Session;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      enableJsonResponse: options.responseMode !== "sse",
      onsessioninitialized: (id) => void sessions.set(id, session),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    Object.assign(session, { transport, server });
    await server.connect(transport);
    return session;
  }

  return {
    stats: () => ({ requests, calls: { ...calls }, throttled: quota?.throttled ?? 0 }),
    async handle(request) {
      const url = new URL(request.url);
      if (url.pathname !== "/mcp") return new Response("Not Found", { status: 404 });
      if (request.method === "GET") return rpcError(405, -32600, "HTTP method not supported.");
      const body = new Uint8Array(await request.arrayBuffer());
      const verified = await verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body },
        {
          service: "aws-mcp",
          region: options.signingRegion,
          now,
          secretFor: (id) => options.keys.lookup(id),
        },
      );
      if (!verified.ok) {
        log.debug("sandbox mcp: rejected", { status: verified.status, code: verified.code });
        return rpcError(verified.status, -32001, `${verified.code}: ${verified.message}`);
      }
      const caller = options.keys.lookup(verified.accessKeyId);
      if (!caller) return rpcError(403, -32001, "UnrecognizedClientException: unknown access key");
      if (caller.expiration.getTime() <= now()) {
        return rpcError(
          403,
          -32001,
          "ExpiredTokenException: The security token included in the request is expired",
        );
      }
      requests++;
      // The quota belongs to the signing account, per Region (the endpoint's signing region).
      const admitted = quota?.admit(`${caller.account.id}/${verified.region}`);
      if (admitted && !admitted.ok) {
        log.debug("sandbox mcp: throttled", { account: caller.account.name });
        return admitted.response;
      }
      if (!admitted) return answer(request, body, caller, verified.accessKeyId);
      try {
        return onBodyDone(await answer(request, body, caller, verified.accessKeyId), admitted.release);
      } catch (error) {
        admitted.release();
        throw error;
      }
    },
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.server.close()));
    },
  };

  async function answer(
    request: Request,
    body: Uint8Array,
    caller: IssuedCredentials,
    accessKeyId: string,
  ): Promise<Response> {
    let parsed: unknown;
    if (request.method === "POST") {
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {
        return rpcError(400, -32700, "Parse error");
      }
    }
    const tool = toolOf(parsed);
    if (tool !== undefined) calls[tool] = (calls[tool] ?? 0) + 1;
    const sessionId = request.headers.get("mcp-session-id");
    let session: Session | undefined;
    if (sessionId) {
      session = sessions.get(sessionId);
      if (!session) return rpcError(404, -32001, "Session not found");
      if (session.accountId !== caller.account.id) {
        return rpcError(403, -32001, "AccessDeniedException: the session belongs to another identity");
      }
    } else if (!isInitialize(parsed)) {
      return rpcError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
    } else {
      session = await open();
      session.accountId = caller.account.id;
      log.debug("sandbox mcp: new session", {
        account: caller.account.name,
        key: maskAccessKey(caller.accessKeyId),
      });
    }
    const forward = new Request(request.url, { method: request.method, headers: request.headers });
    return session.transport.handleRequest(forward, {
      parsedBody: parsed,
      authInfo: { token: accessKeyId, clientId: caller.account.id, scopes: [], extra: { accessKeyId } },
    });
  }
}
