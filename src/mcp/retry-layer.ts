import { sleep } from "../_async.ts";
import { messageOf, OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { AccountLimiter } from "./account-limiter.ts";
import { buffered, fullJitter, retryAfterMs } from "./backoff.ts";
import { McpHttpError, serverText } from "./errors.ts";
import type { FetchLayer, FetchLike } from "./fetch-stack.ts";
import { describeRpc } from "./meta.ts";

export interface RetryLayerOptions {
  /** Paces every attempt, retries included: the account's connection cap and adaptive rate. */
  limiter: AccountLimiter;
  /** Limit of one attempt, response body included. */
  timeoutMs: number;
  maxRetries: number;
  /** Retries (waits included) must end within this many ms of the first failure. */
  retryBudgetMs: number;
  accountId: string;
  logger: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

interface Inflight {
  controller: AbortController;
  sent: boolean;
}

type Outcome = { response: Response } | { error: unknown; timedOut: boolean };

/**
 * The single retry layer. Each attempt waits for a connection slot and a token of the account's
 * limiter, runs under its own timeout and is buffered whole. A 429 slows the account down (the
 * limiter halves its rate and holds it for `Retry-After`) and is retried within the time budget (a
 * throttled request never fails while the budget lasts); 5xx and connection failures are retried with
 * exponential backoff and full jitter within `maxRetries` and the budget; other statuses go back to the
 * MCP SDK unchanged. An MCP `notifications/cancelled` (sent by the SDK on timeout or abort) aborts the
 * matching request here, which is how a caller's AbortSignal reaches the socket.
 */
export function createRetryLayer(options: RetryLayerOptions): FetchLayer {
  return (next) => createRetryingFetch(next, options);
}

function createRetryingFetch(send: FetchLike, options: RetryLayerOptions): FetchLike {
  const inflight = new Map<string, Inflight>();
  const random = options.random ?? Math.random;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5000;
  const log = options.logger.child({ account: options.accountId });

  async function attempt(
    input: string | URL | Request,
    init: RequestInit,
    signal: AbortSignal,
    ms: number,
  ): Promise<Outcome> {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), ms);
    try {
      const response = await send(input, {
        ...init,
        signal: AbortSignal.any([signal, timer.signal]),
      });
      return { response: await buffered(response) };
    } catch (error) {
      return { error, timedOut: timer.signal.aborted && !signal.aborted };
    } finally {
      clearTimeout(handle);
    }
  }

  return async (input, init = {}) => {
    const info = describeRpc(typeof init.body === "string" ? init.body : undefined);
    if (info.cancels !== undefined) {
      const target = inflight.get(String(info.cancels));
      target?.controller.abort(new OpsError("E_CANCELLED", "the MCP request was cancelled"));
      // Nothing reached the server: nothing to tell it.
      if (!target?.sent) return new Response(null, { status: 202 });
    }
    const entry: Inflight = { controller: new AbortController(), sent: false };
    const key = info.id === undefined ? undefined : String(info.id);
    if (key !== undefined) inflight.set(key, entry);
    const signals = init.signal ? [entry.controller.signal, init.signal] : [entry.controller.signal];
    const signal = AbortSignal.any(signals);
    const fields = { method: info.method ?? init.method, tool: info.tool, region: info.region };
    let budgetEnd: number | undefined;
    // The failure that made this a retry: what the caller hears when the budget runs out during a retry.
    let previous: Outcome | undefined;
    try {
      for (let n = 1; ; n++) {
        const release = await options.limiter.acquire(signal);
        const started = performance.now();
        if (previous && budgetEnd !== undefined && started >= budgetEnd) {
          release(); // a late wake-up (a loaded machine): the budget is spent before the retry began
          throw await finalError(previous, n - 1);
        }
        const limit =
          budgetEnd === undefined ? options.timeoutMs : Math.min(options.timeoutMs, budgetEnd - started);
        entry.sent = true;
        const outcome = await attempt(input, init, signal, Math.max(1, limit)).finally(release);
        const hinted = "response" in outcome ? retryAfterMs(outcome.response) : 0;
        if ("response" in outcome) {
          if (outcome.response.status === 429) options.limiter.throttled(hinted);
          else options.limiter.answered();
        }
        const duration_ms = Math.round(performance.now() - started);
        const status = "response" in outcome ? outcome.response.status : undefined;
        const error = "error" in outcome ? messageOf(outcome.error) : undefined;
        log.debug("mcp http", { ...fields, status, duration_ms, attempt: n, error });
        if ("error" in outcome) {
          if (signal.aborted) throw signal.reason;
          // A retry cut short by the budget is not the server's timeout: report the failure being retried.
          if (outcome.timedOut && previous && limit < options.timeoutMs) throw await finalError(previous, n);
          if (outcome.timedOut) {
            throw new OpsError(
              "E_MCP_TIMEOUT",
              `the AWS MCP Server did not answer within ${Math.round(limit)} ms`,
              {
                retryable: true,
                details: { account: options.accountId, tool: info.tool },
              },
            );
          }
          if (outcome.error instanceof OpsError) throw outcome.error;
        } else if (outcome.response.status !== 429 && outcome.response.status < 500) {
          return outcome.response;
        }
        previous = outcome;
        budgetEnd ??= performance.now() + options.retryBudgetMs;
        const delay = Math.max(hinted, fullJitter(n, base, cap, random));
        // 429s are bounded by the budget alone: the limiter already slowed the account down.
        const throttled = "response" in outcome && outcome.response.status === 429;
        if ((!throttled && n > options.maxRetries) || performance.now() + delay >= budgetEnd)
          throw await finalError(outcome, n);
        await sleep(delay, signal);
      }
    } finally {
      if (key !== undefined && inflight.get(key) === entry) inflight.delete(key);
    }
  };

  async function finalError(outcome: Outcome, attempts: number): Promise<OpsError> {
    const details = { account: options.accountId, attempts };
    if ("error" in outcome) {
      const reason = serverText(messageOf(outcome.error));
      return new OpsError("E_MCP_UNAVAILABLE", `cannot reach the AWS MCP Server: ${reason}`, {
        cause: outcome.error,
        retryable: true,
        details,
      });
    }
    const { status } = outcome.response;
    const cause = new McpHttpError(status, serverText(await outcome.response.text()));
    if (status === 429) {
      return new OpsError("E_MCP_THROTTLED", `the AWS MCP Server throttled account ${options.accountId}`, {
        cause,
        retryable: true,
        details,
        hint: "lower mcp.rate_per_account or executor.concurrency",
      });
    }
    return new OpsError("E_MCP_UNAVAILABLE", `the AWS MCP Server answered HTTP ${status}`, {
      cause,
      retryable: true,
      details,
    });
  }
}
