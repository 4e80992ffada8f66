import type { Logger } from "../log.ts";
import type { FaultHook } from "./mcp-faults.ts";
import type { McpProfile } from "./mcp-profile.ts";
import type { SimTool } from "./mcp-sim-server.ts";

/** Keys the simulator accepts: who they belong to and what signs with them. */
export interface SimIdentity {
  accountId: string;
  secretAccessKey: string;
  /** When set, requests must carry and sign exactly this `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** Past it, requests are refused with ExpiredTokenException. */
  expiration?: Date;
}

export interface McpSimulatorOptions {
  identify(accessKeyId: string): SimIdentity | undefined;
  tools: SimTool[];
  /** SigV4 scope clients must sign for; `aws-mcp` and `us-east-1` by default. */
  service?: string;
  signingRegion?: string;
  /** `json` (default) answers POSTs with application/json; `sse` with text/event-stream. */
  responseMode?: "json" | "sse";
  /** Quotas, script latency, envelope and tasks (`mcp-profile.ts`); `fast` by default. */
  profile?: McpProfile;
  /** Fault hooks (tests): status codes, drops, hangs, delays, per request. */
  faults?: FaultHook;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Check signatures (default). Off: a request runs as the key its header names, else `fallbackKey`. */
  verify?: boolean;
  fallbackKey?: string;
  /** Every request as it arrives (the record is completed as it is answered). */
  onRecord?: (record: SimRecord) => void;
  /** Server name in `initialize`. */
  name?: string;
  logger?: Logger;
  now?: () => number;
}

export interface McpSimulatorStats {
  /** Requests from known callers (429s included). */
  requests: number;
  /** Admitted `tools/call` requests by tool name (`aws___run_script`: scripts sent). */
  calls: Record<string, number>;
  /** 429s sent for the profile's quota. */
  throttled: number;
}

/** The simulated AWS MCP Server: one `fetch` handler for `Bun.serve`, shared by the sandbox and the tests. */
export interface McpSimulator {
  handle(request: Request): Promise<Response>;
  setFault(hook: FaultHook | undefined): void;
  /** Hung requests whose client went away. */
  readonly abandoned: number;
  stats(): McpSimulatorStats;
  /** Forgets every session: the next request on one gets 404. */
  expireSessions(): Promise<void>;
  close(): Promise<void>;
}

/** What the simulator saw of one HTTP request and how it answered (tests read these). */
export interface SimRecord {
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
  /** Why the signature check refused, for 403s. */
  reason?: string;
  /** The fault applied (`status 500`, `drop`, `hang`, `delay`) or `throttled` (the profile's quota). */
  fault?: string;
}

/** The real server's answer to GET (the standalone SSE stream it does not offer). */
export const GET_BODY =
  '{"jsonrpc":"2.0","id":"","result":null,"error":{"code":-32600,"message":"HTTP method not supported."}}';

export function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status });
}
