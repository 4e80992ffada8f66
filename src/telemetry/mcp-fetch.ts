import { type Attributes, context, createContextKey, type Span, SpanKind } from "@opentelemetry/api";
import type { SpanRunner } from "./spans.ts";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
type FetchLayer = (next: FetchLike) => FetchLike;

/** Counters of one logical MCP request, filled by the attempt layer under the retry layer. */
interface Attempts {
  attempts: number;
  throttled: number;
  status?: number;
}

const ATTEMPTS = createContextKey("ops-agent.mcp.attempts");
const encoder = new TextEncoder();

/** JSON-RPC method, id, tool name and operation region of a request body; nothing else is read. */
function describe(body: RequestInit["body"]): {
  method?: string;
  id?: string;
  tool?: string;
  region?: string;
} {
  if (typeof body !== "string") return {};
  try {
    const message = JSON.parse(body) as {
      method?: unknown;
      id?: unknown;
      params?: { name?: unknown; _meta?: { AWS_REGION?: unknown } };
    };
    const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
    return {
      method: text(message.method),
      id: text(message.id),
      tool: message.method === "tools/call" ? text(message.params?.name) : undefined,
      region: text(message.params?._meta?.AWS_REGION),
    };
  } catch {
    return {};
  }
}

/** The fetch layer under the retry layer: counts attempts and 429s into the request's span. */
export const mcpAttemptLayer: FetchLayer = (next) => async (input, init) => {
  const counters = context.active().getValue(ATTEMPTS) as Attempts | undefined;
  if (counters) counters.attempts++;
  const response = await next(input, init);
  if (counters) {
    counters.status = response.status;
    if (response.status === 429) counters.throttled++;
  }
  return response;
};

/**
 * One CLIENT span per MCP request over HTTP (named as the MCP conventions say: `tools/call <tool>`,
 * `initialize`, …): the fetch layer above the retry layer, so it covers every attempt; `mcpAttemptLayer`
 * under the retry layer counts attempts and 429s into it. Headers are never recorded (they carry the
 * signature and the session token); bodies only as sizes.
 */
export function createMcpRequestLayer(inSpan: SpanRunner): FetchLayer {
  return (stack) => {
    return (input, init) => {
      const rpc = describe(init?.body);
      // Session teardown (DELETE) and other non-JSON-RPC traffic: not an MCP request of any unit.
      if (!rpc.method) return stack(input, init);
      const url = new URL(input instanceof Request ? input.url : input.toString());
      const headers = new Headers(init?.headers);
      const method = init?.method ?? "GET";
      const counters: Attempts = { attempts: 0, throttled: 0 };
      const attributes: Attributes = {
        "mcp.method.name": rpc.method,
        "http.request.method": method,
        "network.protocol.name": "http",
        "server.address": url.hostname,
        "server.port": Number(url.port) || (url.protocol === "https:" ? 443 : 80),
        ...(rpc.tool ? { "gen_ai.tool.name": rpc.tool } : {}),
        ...(rpc.id ? { "jsonrpc.request.id": rpc.id } : {}),
        ...(rpc.region ? { "cloud.region": rpc.region } : {}),
        ...(headers.get("mcp-session-id") ? { "mcp.session.id": headers.get("mcp-session-id") ?? "" } : {}),
        ...(typeof init?.body === "string"
          ? { "http.request.body.size": encoder.encode(init.body).length }
          : {}),
      };
      const name = rpc.tool ? `${rpc.method} ${rpc.tool}` : rpc.method;
      const record = (span: Span) =>
        span.setAttributes({
          "ops_agent.http.attempts": counters.attempts,
          "ops_agent.http.retries": Math.max(0, counters.attempts - 1),
          "ops_agent.http.throttled": counters.throttled,
          ...(counters.status !== undefined ? { "http.response.status_code": counters.status } : {}),
        });
      return inSpan(
        name,
        SpanKind.CLIENT,
        attributes,
        context.active(),
        (span) =>
          stack(input, init).catch((error: unknown) => {
            record(span);
            throw error;
          }),
        async (span, response) => {
          record(span);
          span.setAttribute("http.response.body.size", (await response.clone().arrayBuffer()).byteLength);
        },
        (ctx) => ctx.setValue(ATTEMPTS, counters),
      );
    };
  };
}
