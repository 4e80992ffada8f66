import { expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import { createAccountLimiter } from "../../src/mcp/account-limiter.ts";
import { McpHttpError } from "../../src/mcp/errors.ts";
import type { FetchLike } from "../../src/mcp/fetch-stack.ts";
import { createRetryLayer } from "../../src/mcp/retry-layer.ts";

// The retry layer alone, over a scripted `next` (no socket): which answers it retries, which it passes on.
const call = (id: number) => ({
  method: "POST",
  body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "aws___run_script" } }),
});

function layer(answers: Array<number | (() => Promise<Response>)>, maxRetries = 3) {
  const seen: Array<RequestInit | undefined> = [];
  const next: FetchLike = async (_input, init) => {
    seen.push(init);
    const answer = answers.shift() ?? 200;
    return typeof answer === "number" ? new Response(`status ${answer}`, { status: answer }) : answer();
  };
  const fetch = createRetryLayer({
    limiter: createAccountLimiter({ rate: 1000, burst: 1000, maxRate: 1000, maxConnections: 4 }),
    timeoutMs: 60_000,
    maxRetries,
    retryBudgetMs: 60_000,
    accountId: "111111111111",
    logger: silentLogger,
    random: () => 0, // no backoff wait: the order of events is what is checked
  })(next);
  return { fetch, seen };
}

test("5xx and 429 are retried; the first other answer goes back as it is", async () => {
  const { fetch, seen } = layer([503, 429, 502, 200]);
  const response = await fetch("http://x/mcp", call(1));
  expect([response.status, await response.text(), seen.length]).toEqual([200, "status 200", 4]);
});

test("a 4xx other than 429 is not retried", async () => {
  const { fetch, seen } = layer([404]);
  expect((await fetch("http://x/mcp", call(1))).status).toBe(404);
  expect(seen).toHaveLength(1);
});

test("5xx beyond max_retries: E_MCP_UNAVAILABLE with the last status as cause and the attempts counted", async () => {
  const { fetch, seen } = layer([500, 500, 500], 2);
  const error = await fetch("http://x/mcp", call(1)).catch((e: unknown) => e);
  expect(isOpsError(error, "E_MCP_UNAVAILABLE")).toBe(true);
  expect((error as { cause: unknown }).cause).toBeInstanceOf(McpHttpError);
  expect((error as { details: unknown }).details).toMatchObject({ attempts: 3 });
  expect(seen).toHaveLength(3);
});

test("notifications/cancelled aborts the matching request on the wire and is forwarded once it was sent", async () => {
  let started!: () => void;
  const sent = new Promise<void>((resolve) => {
    started = resolve;
  });
  const { fetch, seen } = layer([
    () =>
      new Promise<Response>((_, reject) => {
        started();
        const signal = seen[0]?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
    202,
  ]);
  const pending = fetch("http://x/mcp", call(7)).catch((e: unknown) => e);
  await sent;
  const cancel = {
    method: "POST",
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 7 } }),
  };
  expect((await fetch("http://x/mcp", cancel)).status).toBe(202);
  expect(isOpsError(await pending, "E_CANCELLED")).toBe(true);
  expect(seen).toHaveLength(2); // the request, then the notification (it had reached the server)
});
