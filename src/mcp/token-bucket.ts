import { sleep } from "../_async.ts";
import { OpsError } from "../errors.ts";

export interface TokenBucket {
  /** Resolves when a request may go out; rejects (giving the slot back) when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void>;
  /** Requests per second from now on (tokens already earned are kept). */
  setRate(ratePerSecond: number): void;
  readonly ratePerSecond: number;
  /** Nothing goes out for `ms` (a server's Retry-After); refilling starts again after it. */
  hold(ms: number): void;
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
  let rate = options.ratePerSecond / 1000;
  const capacity = options.burst ?? Math.max(1, Math.ceil(options.ratePerSecond));
  const now = options.now ?? (() => performance.now());
  let tokens = capacity;
  // Refilling runs from `last`; a hold moves it into the future.
  let last = now();

  function refill(t: number) {
    if (t <= last) return;
    tokens = Math.min(capacity, tokens + (t - last) * rate);
    last = t;
  }

  return {
    take(signal) {
      signal?.throwIfAborted();
      const t = now();
      refill(t);
      tokens -= 1;
      const wait = Math.max(0, last - t) + Math.max(0, -tokens) / rate;
      if (wait <= 0) return Promise.resolve();
      return sleep(wait, signal).catch((reason: unknown) => {
        tokens += 1; // an abandoned wait hands its reserved token back
        throw reason;
      });
    },
    setRate(ratePerSecond) {
      if (!(ratePerSecond > 0)) return;
      refill(now());
      rate = ratePerSecond / 1000;
    },
    get ratePerSecond() {
      return rate * 1000;
    },
    hold(ms) {
      const until = now() + ms;
      if (until <= last) return;
      refill(now());
      tokens = Math.min(tokens, 0);
      last = until;
    },
  };
}
