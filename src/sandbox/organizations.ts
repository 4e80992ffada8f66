import type { Logger } from "../log.ts";
import type { GeneratedOrg } from "./generate/org.ts";
import type { KeyTable } from "./keys.ts";
import { createOrganizationsApi, OrgApiError } from "./organizations-api.ts";
import { verifySignedBy } from "./sigv4.ts";

/**
 * The sandbox's AWS Organizations endpoint: the JSON 1.1 protocol as `@aws-sdk/client-organizations`
 * speaks it (POST `/`, `X-Amz-Target: AWSOrganizationsV20161128.<Operation>`,
 * `application/x-amz-json-1.1`, errors as `{"__type": …}`), SigV4-signed with the operator's base keys
 * (the management account's credentials). With pacing, every answer takes `latencyMs` and calls over
 * `ratePerSecond` (after a burst) get TooManyRequestsException, as Organizations throttles.
 */
export interface OrgPacing {
  /** Added before every answer. */
  latencyMs: number;
  /** Calls per second the endpoint accepts (over all operations). */
  ratePerSecond: number;
  /** Calls accepted back to back after idling. */
  burst: number;
}

/**
 * The realistic profile's Organizations: ~100 ms per call, 10 calls/s (burst 10), throttled beyond. AWS
 * publishes no per-second figure for these reads ("too many requests in too short a period"); this is
 * the sandbox's model, set just above discovery's default pace (8/s) so an unpaced client sees throttling.
 */
export const REALISTIC_ORG_PACING: OrgPacing = { latencyMs: 100, ratePerSecond: 10, burst: 10 };

export interface OrganizationsEndpointOptions {
  org: GeneratedOrg;
  keys: KeyTable;
  logger: Logger;
  /** Absent: answers at once, never throttles (the fast profile). */
  pacing?: OrgPacing;
  now?: () => number;
}

export interface OrgEndpointStats {
  /** Requests answered (throttled ones included). */
  calls: number;
  /** TooManyRequestsException answers. */
  throttled: number;
  byOperation: Record<string, number>;
}

export interface OrganizationsEndpoint {
  handle(request: Request): Promise<Response>;
  stats(): OrgEndpointStats;
}

const TARGET = /^AWSOrganizationsV20161128\.([A-Za-z]+)$/;
const JSON_11 = "application/x-amz-json-1.1";

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": JSON_11, "x-amzn-requestid": crypto.randomUUID() },
  });
}

const failure = (code: string, message: string, status = 400) =>
  answer(status, { __type: code, Message: message });

/** A plain token bucket: a call finds a token or is refused (the server side does not queue). */
function createLimiter(pacing: OrgPacing | undefined) {
  if (!pacing) return () => true;
  let tokens = pacing.burst;
  let last = performance.now();
  return () => {
    const t = performance.now();
    tokens = Math.min(pacing.burst, tokens + ((t - last) * pacing.ratePerSecond) / 1000);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function createOrganizationsEndpoint(options: OrganizationsEndpointOptions): OrganizationsEndpoint {
  const { keys, logger, pacing } = options;
  const api = createOrganizationsApi(options.org);
  const admit = createLimiter(pacing);
  const stats: OrgEndpointStats = { calls: 0, throttled: 0, byOperation: {} };

  async function respond(request: Request): Promise<Response> {
    if (request.method !== "POST") return failure("UnknownOperationException", "Only POST is supported");
    const { verified, body } = await verifySignedBy(request, "organizations", keys.base, options.now);
    if (!verified.ok) return failure(verified.code, verified.message, verified.status);
    const operation = TARGET.exec(request.headers.get("x-amz-target") ?? "")?.[1] ?? "";
    const handler = Object.hasOwn(api, operation) ? api[operation] : undefined;
    if (!handler)
      return failure(
        "UnknownOperationException",
        `The operation ${operation || "(none)"} is not supported by the sandbox`,
      );
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    if (!admit()) {
      stats.throttled++;
      return failure(
        "TooManyRequestsException",
        "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
      );
    }
    let input: Record<string, unknown>;
    try {
      input =
        body.length === 0 ? {} : (JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>);
    } catch {
      return failure("SerializationException", "Start of structure or map found where not expected.");
    }
    try {
      return answer(200, handler(input ?? {}));
    } catch (error) {
      if (error instanceof OrgApiError) return failure(error.code, error.message);
      throw error;
    }
  }

  return {
    async handle(request) {
      stats.calls++;
      const response = await respond(request);
      if (pacing && pacing.latencyMs > 0) await Bun.sleep(pacing.latencyMs);
      logger.debug("sandbox organizations: call", {
        target: request.headers.get("x-amz-target"),
        status: response.status,
      });
      return response;
    },
    stats: () => structuredClone(stats),
  };
}
