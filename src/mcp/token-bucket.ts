import { sleep } from "../_async.ts";
import { OpsError } from "../errors.ts";

export interface TokenBucket {
  /** Resolves when a request may go out; rejects (giving the slot back) when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface TokenBucketOptions {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests allowed back to back after idling; `ceil(ratePerSecond)` by default. */
  burst?: number;
  now?: () => number;
}

/**
 * A token bucket where waiting callers reserve future tokens (the count goes negative), so concurrent
 * callers are spaced `1/rate` apart in arrival order instead of waking together and stampeding.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  if (!(options.ratePerSecond > 0)) throw new OpsError("E_CONFIG", "rate_per_account must be greater than 0");
  const rate = options.ratePerSecond / 1000;
  const capacity = options.burst ?? Math.max(1, Math.ceil(options.ratePerSecond));
  const now = options.now ?? (() => performance.now());
  let tokens = capacity;
  let last = now();

  return {
    take(signal) {
      signal?.throwIfAborted();
      const t = now();
      tokens = Math.min(capacity, tokens + (t - last) * rate);
      last = t;
      tokens -= 1;
      if (tokens >= 0) return Promise.resolve();
      return sleep(-tokens / rate, signal).catch((reason: unknown) => {
        tokens += 1; // an abandoned wait hands its reserved token back
        throw reason;
      });
    },
  };
}
