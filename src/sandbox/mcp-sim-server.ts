import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.ts";
import { rpcError, type SimRecord } from "./mcp-sim-types.ts";

/** Who called a simulated tool, and for which Region. */
export interface SimToolContext {
  /** The account whose credentials signed the request. */
  accountId: string;
  accessKeyId: string;
  /** `params._meta.AWS_REGION` of the call. */
  region: string | undefined;
}

/** One tool of the simulated AWS MCP Server. */
export interface SimTool {
  name: string;
  description: string;
  inputSchema: Tool["inputSchema"];
  call(args: Record<string, unknown>, ctx: SimToolContext): CallToolResult | Promise<CallToolResult>;
}

/** The verified caller, as the simulator hands it to the SDK transport (`authInfo.extra`). */
export interface SimCaller {
  accountId: string;
  accessKeyId: string;
}

/**
 * A new MCP `Server` (the SDK's low-level one: tool schemas are JSON Schema) for one session, serving
 * `tools`. An unknown tool is the JSON-RPC error -32602, as from the real server.
 */
function createSimServer(name: string, tools: SimTool[]): Server {
  const server = new Server({ name, version: "1.0.0" }, { capabilities: { tools: {} } });
  const byName = new Map(tools.map((t) => [t.name, t]));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const caller = extra.authInfo?.extra as unknown as SimCaller;
    const region = request.params._meta?.AWS_REGION;
    return tool.call(request.params.arguments ?? {}, {
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      region: typeof region === "string" ? region : undefined,
    });
  });
  return server;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  accountId: string;
}

export interface SimSessions {
  /** Hands a verified request to its session (a new one for `initialize`), bound to the signing account. */
  route(request: Request, parsed: unknown, record: SimRecord, caller: SimCaller): Promise<Response>;
  /** Forgets every session: the next request on one gets 404. */
  expire(): Promise<void>;
  /** Open sessions of an account. */
  count(accountId: string): number;
}

/** Stateful MCP sessions over the SDK's web-standard Streamable HTTP transport, one `Server` each. */
export function createSimSessions(options: {
  name: string;
  tools: SimTool[];
  /** application/json answers; text/event-stream otherwise. */
  json: boolean;
  logger: Logger;
}): SimSessions {
  const sessions = new Map<string, Session>();

  async function open(accountId: string): Promise<Session> {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      enableJsonResponse: options.json,
      onsessioninitialized: (id) => void sessions.set(id, session),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    const session: Session = { transport, accountId };
    await createSimServer(options.name, options.tools).connect(transport);
    options.logger.debug("mcp simulator: new session", { account: accountId });
    return session;
  }

  return {
    async route(request, parsed, record, caller) {
      const sessionId = record.sessionId;
      let session = sessionId ? sessions.get(sessionId) : undefined;
      if (!sessionId) {
        if (record.method !== "initialize") {
          return rpcError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
        }
        session = await open(caller.accountId);
      } else if (!session) return rpcError(404, -32001, "Session not found");
      else if (session.accountId !== caller.accountId) {
        return rpcError(403, -32001, "AccessDeniedException: the session belongs to another identity");
      }
      if (request.method === "DELETE" && sessionId) sessions.delete(sessionId);
      const forward = new Request(request.url, { method: request.method, headers: request.headers });
      const authInfo = {
        token: caller.accessKeyId,
        clientId: caller.accountId,
        scopes: [],
        extra: { ...caller },
      };
      return session.transport.handleRequest(forward, { parsedBody: parsed, authInfo });
    },
    count: (accountId) => [...sessions.values()].filter((s) => s.accountId === accountId).length,
    async expire() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.transport.close()));
    },
  };
}
