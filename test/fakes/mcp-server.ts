/**
 * An in-process AWS MCP Server for tests and benches: the real SDK server classes (`McpServer` +
 * `WebStandardStreamableHTTPServerTransport`, stateful sessions) behind `Bun.serve`, fronted by a
 * SigV4 verifier that shares no code with our signer (403 on a bad signature, like the real server).
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
 * JSON text; an unknown tool gets the JSON-RPC error -32602 as from the real server. Faults run after the signature check: `{ status, body?, headers? }` answers that status,
 * `{ drop: "mid-response" }` sends headers and half a body then breaks the connection, `{ hang: true }`
 * never answers (until the client gives up). GET answers 405 with the real server's body.
 */
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import { createSigV4Verifier } from "./sigv4-verifier.ts";

export interface FakeKey {
  secretAccessKey: string;
  accountId: string;
  sessionToken?: string;
}

export interface ToolContext {
  accountId: string;
  /** `params._meta.AWS_REGION` of the call. */
  region: string | undefined;
  accessKeyId: string;
}

export type FakeTool = (
  args: Record<string, unknown>,
  ctx: ToolContext,
) => CallToolResult | Promise<CallToolResult>;

export interface RecordedRequest {
  /** `performance.now()` when the request arrived. */
  at: number;
  httpMethod: string;
  accessKeyId?: string;
  accountId?: string;
  /** JSON-RPC method. */
  method?: string;
  tool?: string;
  metaRegion?: string;
  sessionId?: string;
  /** HTTP status sent; 0 when the connection was dropped or never answered. */
  status: number;
  /** `content-type` of the answer (application/json or text/event-stream). */
  contentType?: string;
  /** Why the verifier refused, for 403s. */
  reason?: string;
  fault?: string;
}

export interface FaultRequest {
  httpMethod: string;
  method?: string;
  tool?: string;
  accountId: string;
  accessKeyId: string;
  sessionId?: string;
}

export type FaultAction =
  | { status: number; body?: string | Uint8Array; headers?: Record<string, string> }
  | { drop: "mid-response" }
  | { hang: true };

export type FaultHook = (request: FaultRequest) => FaultAction | undefined;

export interface FakeMcpServerOptions {
  mode: "json" | "sse";
  keys: Record<string, FakeKey>;
  tools?: Record<string, FakeTool>;
  /** Leave out the default `aws___run_script` (a server that does not offer it; `doctor` must say so). */
  omitRunScript?: boolean;
  /** Delay before every answer. */
  latencyMs?: number;
  faults?: FaultHook;
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

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  accountId: string;
}

const GET_BODY =
  '{"jsonrpc":"2.0","id":"","result":null,"error":{"code":-32600,"message":"HTTP method not supported."}}';

function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status });
}

export async function startFakeMcpServer(options: FakeMcpServerOptions): Promise<FakeMcpServer> {
  const verifier = createSigV4Verifier({
    service: options.service ?? "aws-mcp",
    region: options.region ?? "us-east-1",
    keys: options.keys,
  });
  const sessions = new Map<string, Session>();
  const requests: RecordedRequest[] = [];
  const scripts: FakeMcpServer["scripts"] = [];
  let fault = options.faults;
  let abandoned = 0;

  const tools: Record<string, FakeTool> = {
    aws___run_script: (args, ctx) => {
      scripts.push({ args, ctx });
      return {
        content: [{ type: "text", text: JSON.stringify({ account: ctx.accountId, region: ctx.region }) }],
      };
    },
    ...options.tools,
  };
  if (options.omitRunScript) delete tools.aws___run_script;

  function newServer(): McpServer {
    const server = new McpServer({ name: "fake-aws-mcp", version: "0.0.0" });
    for (const [name, handler] of Object.entries(tools)) {
      const inputSchema =
        name === "aws___run_script" ? z.looseObject({ code: z.string() }) : z.looseObject({});
      const call = (
        args: Record<string, unknown>,
        extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
      ) => {
        const auth = extra.authInfo?.extra as { accountId: string; accessKeyId: string };
        const region = extra._meta?.AWS_REGION;
        return handler(args as Record<string, unknown>, {
          accountId: auth.accountId,
          accessKeyId: auth.accessKeyId,
          region: typeof region === "string" ? region : undefined,
        });
      };
      server.registerTool(
        name,
        { description: `fake ${name}`, inputSchema: inputSchema as z.ZodObject },
        call,
      );
    }
    return server;
  }

  function applyFault(
    action: FaultAction,
    req: Request,
    record: RecordedRequest,
  ): Promise<Response> | Response {
    if ("status" in action) {
      record.fault = `status ${action.status}`;
      return new Response(action.body ?? null, { status: action.status, headers: action.headers });
    }
    if ("drop" in action) {
      record.fault = "drop";
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0","id":'));
          // Erroring the body after the headers went out makes Bun reset the connection.
          setTimeout(() => controller.error(), 5);
        },
      });
      return new Response(stream, { headers: { "content-type": "application/json" } });
    }
    record.fault = "hang";
    return new Promise<Response>((resolve) => {
      req.signal.addEventListener("abort", () => {
        abandoned++;
        resolve(new Response(null, { status: 499 }));
      });
    });
  }

  /** Without verification: the key named in the Authorization header if known, else the first key. */
  function unverifiedKey(req: Request): string {
    const named = /Credential=([^/]+)\//.exec(req.headers.get("authorization") ?? "")?.[1];
    return named && named in options.keys ? named : Object.keys(options.keys)[0]!;
  }

  async function handle(req: Request, record: RecordedRequest): Promise<Response> {
    const body = new Uint8Array(await req.arrayBuffer());
    const sessionId = req.headers.get("mcp-session-id") ?? undefined;
    record.sessionId = sessionId;
    let parsed: unknown;
    if (req.method === "POST") {
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {
        parsed = undefined;
      }
      const message = (parsed ?? {}) as {
        method?: string;
        params?: { name?: string; _meta?: { AWS_REGION?: string } };
      };
      record.method = message.method;
      record.tool = message.params?.name;
      record.metaRegion = message.params?._meta?.AWS_REGION;
    }
    const verdict =
      options.verify === false
        ? ({ ok: true, accessKeyId: unverifiedKey(req) } as const)
        : await verifier.verify({ method: req.method, url: req.url, headers: req.headers, body });
    if (!verdict.ok) {
      record.reason = verdict.reason;
      return rpcError(403, 403, `InvalidSignatureException: ${verdict.reason}`);
    }
    const key = options.keys[verdict.accessKeyId]!;
    record.accessKeyId = verdict.accessKeyId;
    record.accountId = key.accountId;
    if (req.method === "POST" && parsed === undefined) return rpcError(400, -32700, "Parse error");
    if (options.latencyMs) await Bun.sleep(options.latencyMs);
    const action = fault?.({
      httpMethod: req.method,
      method: record.method,
      tool: record.tool,
      accountId: key.accountId,
      accessKeyId: verdict.accessKeyId,
      sessionId,
    });
    if (action) return applyFault(action, req, record);
    if (req.method === "GET") return new Response(GET_BODY, { status: 405 });
    // The real server answers unknown or removed tools with a JSON-RPC error, not an isError result.
    if (record.method === "tools/call" && record.tool !== undefined && !(record.tool in tools)) {
      const id = (parsed as { id?: unknown }).id ?? null;
      return Response.json({
        jsonrpc: "2.0",
        id,
        error: { code: -32602, message: `Unknown tool: ${record.tool}` },
      });
    }

    const authInfo = {
      token: verdict.accessKeyId,
      clientId: key.accountId,
      scopes: [],
      extra: { ...key, accessKeyId: verdict.accessKeyId },
    };
    if (!sessionId) {
      if (record.method !== "initialize") return rpcError(400, -32600, "Bad Request: missing mcp-session-id");
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: options.mode === "json",
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, accountId: key.accountId });
        },
      });
      await newServer().connect(transport);
      return transport.handleRequest(req, { parsedBody: parsed, authInfo });
    }
    const session = sessions.get(sessionId);
    if (!session) return rpcError(404, -32001, "Session not found");
    if (session.accountId !== key.accountId) return rpcError(403, 403, "session belongs to another account");
    if (req.method === "DELETE") sessions.delete(sessionId);
    return session.transport.handleRequest(req, { parsedBody: parsed, authInfo });
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    error: () => new Response(null, { status: 500 }),
    async fetch(req) {
      const record: RecordedRequest = { at: performance.now(), httpMethod: req.method, status: 0 };
      requests.push(record);
      const response = await handle(req, record);
      if (record.fault !== "drop" && record.fault !== "hang") record.status = response.status;
      record.contentType = response.headers.get("content-type") ?? undefined;
      return response;
    },
  });

  async function expireSessions() {
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.all(open.map((s) => s.transport.close()));
  }

  return {
    url: `http://127.0.0.1:${server.port}/mcp`,
    requests,
    scripts,
    get abandoned() {
      return abandoned;
    },
    setFault(hook) {
      fault = hook;
    },
    expireSessions,
    async close() {
      await expireSessions();
      await server.stop(true);
    },
  };
}
