import { OpsError } from "../errors.ts";
import { createTokenBucket } from "./token-bucket.ts";

export interface AccountLimiterOptions {
  /** Starting requests per second (the published quota: 3 per account per Region). */
  rate: number;
  burst: number;
  /** Ceiling of the additive increase. */
  maxRate: number;
  /** Requests in flight at once (the server allows 27 connections per account per Region). */
  maxConnections: number;
  /** Rate gained per answered request (additive increase); 0.05 by default. */
  increase?: number;
  now?: () => number;
}

export interface LimiterStats {
  rate: number;
  inFlight: number;
  waiting: number;
  /** 429s seen. */
  throttled: number;
}

/** The pacing of one signing account: a connection cap, then an adaptive token bucket. */
export interface AccountLimiter {
  /** Waits for a connection slot, then for a token; resolves with the slot's release. */
  acquire(signal: AbortSignal): Promise<() => void>;
  /** A 429: the rate halves (once per second at most) and nothing goes out before `retryAfterMs`. */
  throttled(retryAfterMs: number): void;
  /** An answered request: the rate climbs by `increase`, up to `maxRate`. */
  answered(): void;
  stats(): LimiterStats;
}

const MIN_RATE = 0.25;

/**
 * Per signing account: at most `maxConnections` requests in flight (FIFO; an aborted waiter leaves the
 * queue) and a token bucket whose rate adapts AIMD-style: +`increase` per answered request up to
 * `maxRate`, halved on a 429 (not below 0.25/s), with the server's `Retry-After` holding the bucket.
 */
export function createAccountLimiter(options: AccountLimiterOptions): AccountLimiter {
  if (!(options.maxConnections >= 1)) {
    throw new OpsError("E_CONFIG", "mcp.max_connections_per_account must be at least 1");
  }
  const now = options.now ?? (() => performance.now());
  const bucket = createTokenBucket({ ratePerSecond: options.rate, burst: options.burst, now });
  const increase = options.increase ?? 0.05;
  const queue: Array<() => void> = [];
  let inFlight = 0;
  let throttled = 0;
  let lastDecrease = Number.NEGATIVE_INFINITY;

  function release() {
    const next = queue.shift();
    if (next) next();
    else inFlight--;
  }

  function slot(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (inFlight < options.maxConnections) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = queue.indexOf(grant);
        if (at >= 0) queue.splice(at, 1);
        reject(signal.reason);
      };
      queue.push(grant);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  return {
    async acquire(signal) {
      await slot(signal);
      try {
        await bucket.take(signal);
      } catch (error) {
        release();
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    },
    throttled(retryAfterMs) {
      throttled++;
      if (retryAfterMs > 0) bucket.hold(retryAfterMs);
      const t = now();
      if (t - lastDecrease < 1000) return;
      lastDecrease = t;
      bucket.setRate(Math.max(MIN_RATE, bucket.ratePerSecond / 2));
    },
    answered() {
      if (bucket.ratePerSecond < options.maxRate) {
        bucket.setRate(Math.min(options.maxRate, bucket.ratePerSecond + increase));
      }
    },
    stats: () => ({ rate: bucket.ratePerSecond, inFlight, waiting: queue.length, throttled }),
  };
}
