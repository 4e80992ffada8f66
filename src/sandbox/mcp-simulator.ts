import { silentLogger } from "../log.ts";
import { faultName, faultResponse } from "./mcp-faults.ts";
import { sandboxProfile } from "./mcp-profile.ts";
import { createQuotaGate, onBodyDone } from "./mcp-quota.ts";
import { withScriptBehaviour } from "./mcp-scripts.ts";
import { createSimSessions, type SimCaller } from "./mcp-sim-server.ts";
import {
  GET_BODY,
  type McpSimulator,
  type McpSimulatorOptions,
  rpcError,
  type SimRecord,
} from "./mcp-sim-types.ts";
import { verifySigV4 } from "./sigv4.ts";

type Message = { method?: string; params?: { name?: string; _meta?: { AWS_REGION?: string } } };

/**
 * The AWS MCP Server as the sandbox and the tests' fake both run it: the MCP SDK's transport and
 * low-level `Server` (stateful sessions bound to the signing account), SigV4 verified with
 * `@smithy/signature-v4` (403 otherwise; expired credentials too), then, in this order, the profile's
 * quota (429), `latencyMs`, the fault hook, GET → 405, and the session.
 */
export function createMcpSimulator(options: McpSimulatorOptions): McpSimulator {
  const now = options.now ?? Date.now;
  const log = options.logger ?? silentLogger;
  const profile = options.profile ?? sandboxProfile("fast");
  const quota = profile.quota && createQuotaGate(profile.quota);
  const sessions = createSimSessions({
    name: options.name ?? "aws-mcp-simulator",
    tools: withScriptBehaviour(options.tools, profile),
    json: options.responseMode !== "sse",
    logger: log,
  });
  const calls: Record<string, number> = {};
  let fault = options.faults;
  let abandoned = 0;
  let requests = 0;

  async function verify(request: Request, body: Uint8Array) {
    if (options.verify !== false) {
      return verifySigV4(
        { method: request.method, url: request.url, headers: request.headers, body },
        {
          service: options.service ?? "aws-mcp",
          region: options.signingRegion ?? "us-east-1",
          now,
          secretFor: options.identify,
        },
      );
    }
    const named = /Credential=([^/]+)\//.exec(request.headers.get("authorization") ?? "")?.[1];
    const key = named && options.identify(named) ? named : (options.fallbackKey ?? "");
    return { ok: true as const, accessKeyId: key, region: options.signingRegion ?? "us-east-1" };
  }

  async function handle(request: Request, record: SimRecord): Promise<Response> {
    if (new URL(request.url).pathname !== "/mcp") return new Response("Not Found", { status: 404 });
    const body = new Uint8Array(await request.arrayBuffer());
    let parsed: unknown;
    if (request.method === "POST") {
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {}
      const message = (parsed ?? {}) as Message;
      Object.assign(record, {
        method: message.method,
        tool: message.params?.name,
        metaRegion: message.params?._meta?.AWS_REGION,
      });
    }
    const verdict = await verify(request, body);
    if (!verdict.ok) {
      record.reason = verdict.reason;
      log.debug("mcp simulator: rejected", { code: verdict.code, reason: verdict.reason });
      return rpcError(verdict.status, -32001, `${verdict.code}: ${verdict.message}`);
    }
    const identity = options.identify(verdict.accessKeyId);
    if (!identity) return rpcError(403, -32001, "UnrecognizedClientException: unknown access key");
    Object.assign(record, { accessKeyId: verdict.accessKeyId, accountId: identity.accountId });
    if (identity.expiration && identity.expiration.getTime() <= now()) {
      return rpcError(
        403,
        -32001,
        "ExpiredTokenException: The security token included in the request is expired",
      );
    }
    if (request.method === "POST" && parsed === undefined) return rpcError(400, -32700, "Parse error");
    requests++;
    // The quota belongs to the signing account, per Region (the endpoint's signing region).
    const newSession = record.method === "initialize" && !record.sessionId;
    const tooMany = newSession ? quota?.refuseSession(sessions.count(identity.accountId)) : undefined;
    if (tooMany) {
      record.fault = "throttled";
      return tooMany;
    }
    const admitted = quota?.admit(`${identity.accountId}/${verdict.region}`);
    if (admitted && !admitted.ok) {
      record.fault = "throttled";
      return admitted.response;
    }
    try {
      const caller = { accountId: identity.accountId, accessKeyId: verdict.accessKeyId };
      const response = await answer(request, parsed, record, caller);
      return admitted ? onBodyDone(response, admitted.release) : response;
    } catch (error) {
      admitted?.release();
      throw error;
    }
  }

  async function answer(request: Request, parsed: unknown, record: SimRecord, caller: SimCaller) {
    if (options.latencyMs) await Bun.sleep(options.latencyMs);
    const sessionId = record.sessionId;
    let action = fault?.({
      httpMethod: request.method,
      method: record.method,
      tool: record.tool,
      ...caller,
      sessionId,
    });
    if (action && "delayMs" in action) {
      record.fault = faultName(action);
      await Bun.sleep(action.delayMs);
      action = undefined;
    }
    if (action) {
      record.fault = faultName(action);
      return faultResponse(action, request, () => abandoned++);
    }
    if (request.method === "GET") return new Response(GET_BODY, { status: 405 });
    if (record.tool !== undefined && record.method === "tools/call")
      calls[record.tool] = (calls[record.tool] ?? 0) + 1;
    return sessions.route(request, parsed, record, caller);
  }

  return {
    async handle(request) {
      const record: SimRecord = { at: performance.now(), httpMethod: request.method, status: 0 };
      record.sessionId = request.headers.get("mcp-session-id") ?? undefined;
      options.onRecord?.(record);
      const response = await handle(request, record);
      if (record.fault !== "drop" && record.fault !== "hang") record.status = response.status;
      record.contentType = response.headers.get("content-type") ?? undefined;
      return response;
    },
    setFault(hook) {
      fault = hook;
    },
    get abandoned() {
      return abandoned;
    },
    stats: () => ({ requests, calls: { ...calls }, throttled: quota?.throttled ?? 0 }),
    expireSessions: sessions.expire,
    close: sessions.expire,
  };
}
