import type { McpQuota } from "./mcp-profile.ts";

/** Admitted: call `release` once the answer has been sent in full. */
export type Admission = { ok: true; release: () => void } | { ok: false; response: Response };

export interface QuotaGate {
  /** One HTTP request of the signing account `key` (account and Region): admitted, or a 429 to send. */
  admit(key: string): Admission;
  /** A 429 for an `initialize` when the account already has `open` sessions at the quota; else undefined. */
  refuseSession(open: number): Response | undefined;
  /** 429s sent so far. */
  readonly throttled: number;
}

interface Bucket {
  tokens: number;
  at: number;
  inFlight: number;
}

/** The real server's throttling answer: HTTP 429, a ThrottlingException body and `Retry-After` (seconds). */
export function throttlingResponse(retryAfterSeconds: number, message: string): Response {
  return Response.json(
    { __type: "ThrottlingException", message },
    {
      status: 429,
      headers: { "retry-after": String(retryAfterSeconds), "x-amzn-errortype": "ThrottlingException" },
    },
  );
}

/**
 * The quota of the real AWS MCP Server, per signing account per Region: a token bucket (`ratePerSecond`
 * sustained, `burst` at most), at most `maxConnections` requests in flight and `maxSessions` sessions.
 * A request beyond any of them is answered 429 and costs no token.
 */
export function createQuotaGate(quota: McpQuota, now: () => number = () => performance.now()): QuotaGate {
  const buckets = new Map<string, Bucket>();
  let throttled = 0;
  const refuse = (seconds: number, message: string): Admission => {
    throttled++;
    return { ok: false, response: throttlingResponse(seconds, message) };
  };
  return {
    refuseSession(open) {
      if (open < quota.maxSessions) return undefined;
      throttled++;
      return throttlingResponse(1, `Too many active sessions (limit ${quota.maxSessions})`);
    },
    admit(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: quota.burst, at: t, inFlight: 0 };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(quota.burst, bucket.tokens + ((t - bucket.at) / 1000) * quota.ratePerSecond);
      bucket.at = t;
      if (bucket.inFlight >= quota.maxConnections) {
        return refuse(1, `Too many concurrent connections (limit ${quota.maxConnections})`);
      }
      if (bucket.tokens < 1) {
        const wait = (1 - bucket.tokens) / quota.ratePerSecond;
        return refuse(Math.max(1, Math.ceil(wait)), "Rate exceeded");
      }
      bucket.tokens -= 1;
      bucket.inFlight++;
      const owner = bucket;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          owner.inFlight--;
        },
      };
    },
    get throttled() {
      return throttled;
    },
  };
}

/** `response` whose body calls `done` when it has been read to the end, failed or was cancelled. */
export function onBodyDone(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) {
          done();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
