import { isObject } from "../_json.ts";
import type { FetchLayer } from "./fetch-stack.ts";

/** What the retry layer and logs need to know about one outgoing JSON-RPC message. Never the body itself. */
export interface RpcInfo {
  method?: string;
  id?: string | number;
  /** `tools/call`: the MCP server's tool being called (the script tool), not a plugin tool. */
  tool?: string;
  region?: string;
  /** For `notifications/cancelled`: the request being cancelled. */
  cancels?: string | number;
}

/** The parsed body, or undefined when it is not JSON (JSON itself cannot encode undefined). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function injectOne(message: unknown, region: string): unknown {
  if (!isObject(message) || !("jsonrpc" in message) || !isObject(message.params)) return message;
  const meta = isObject(message.params._meta) ? message.params._meta : {};
  // Keys already present win, as in mcp-proxy-for-aws.
  return { ...message, params: { ...message.params, _meta: { AWS_REGION: region, ...meta } } };
}

/**
 * Adds `params._meta.AWS_REGION` to every JSON-RPC message that has `params`. Bodies that are not
 * JSON-RPC, or have no `params` (notifications/initialized, param-less tools/list), come back untouched,
 * byte for byte, so the signature covers exactly what was given.
 */
export function injectRegion(body: string, region: string): string {
  const parsed = parseJson(body);
  if (Array.isArray(parsed)) {
    const injected = parsed.map((m) => injectOne(m, region));
    return injected.some((m, i) => m !== parsed[i]) ? JSON.stringify(injected) : body;
  }
  const injected = injectOne(parsed, region);
  return injected !== parsed ? JSON.stringify(injected) : body;
}

/** Reads method, id, tool name and `_meta.AWS_REGION` of a single JSON-RPC message, for logs and cancellation. */
export function describeRpc(body: string | undefined): RpcInfo {
  const message = body ? parseJson(body) : undefined;
  if (!isObject(message)) return {};
  const params = isObject(message.params) ? message.params : {};
  const meta = isObject(params._meta) ? params._meta : {};
  return {
    method: typeof message.method === "string" ? message.method : undefined,
    id: typeof message.id === "string" || typeof message.id === "number" ? message.id : undefined,
    tool: typeof params.name === "string" ? params.name : undefined,
    region: typeof meta.AWS_REGION === "string" ? meta.AWS_REGION : undefined,
    cancels:
      message.method === "notifications/cancelled" &&
      (typeof params.requestId === "string" || typeof params.requestId === "number")
        ? params.requestId
        : undefined,
  };
}

/** The fetch layer that injects `params._meta.AWS_REGION` (see `injectRegion`) into string bodies. */
export function injectMetaLayer(region: string): FetchLayer {
  return (next) => (input, init) =>
    typeof init?.body === "string"
      ? next(input, { ...init, body: injectRegion(init.body, region) })
      : next(input, init);
}
