import { describe, expect, test } from "bun:test";
import { createAccountLimiter } from "../../src/mcp/account-limiter.ts";
import { composeFetch, type FetchLayer, refuseStandaloneStream } from "../../src/mcp/fetch-stack.ts";

const never = new AbortController().signal;

describe("account limiter", () => {
  test("at most max_connections in flight; the next waiter gets the slot a release frees, in order", async () => {
    const limiter = createAccountLimiter({ rate: 1000, burst: 1000, maxRate: 1000, maxConnections: 2 });
    const first = await limiter.acquire(never);
    await limiter.acquire(never);
    const order: string[] = [];
    const third = limiter.acquire(never).then((release) => {
      order.push("third");
      return release;
    });
    const fourth = limiter.acquire(never).then(() => order.push("fourth"));
    await Promise.resolve();
    expect(limiter.stats()).toMatchObject({ inFlight: 2, waiting: 2 });
    first();
    first(); // a second release of the same slot frees nothing
    (await third)();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
    expect(limiter.stats()).toMatchObject({ inFlight: 2, waiting: 0 });
  });

  test("an aborted waiter leaves the queue", async () => {
    const limiter = createAccountLimiter({ rate: 1000, burst: 1000, maxRate: 1000, maxConnections: 1 });
    const held = await limiter.acquire(never);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.stats().waiting).toBe(0);
    held();
    expect(limiter.stats().inFlight).toBe(0);
  });

  test("AIMD: a 429 halves the rate once per second, answers add to it up to the ceiling", () => {
    let clock = 0;
    const limiter = createAccountLimiter({
      rate: 3,
      burst: 3,
      maxRate: 4,
      maxConnections: 10,
      increase: 0.5,
      now: () => clock,
    });
    limiter.throttled(0);
    limiter.throttled(0); // the same burst of 429s: one decrease
    expect(limiter.stats()).toMatchObject({ rate: 1.5, throttled: 2 });
    clock += 1500;
    limiter.throttled(0);
    expect(limiter.stats().rate).toBe(0.75);
    for (let i = 0; i < 20; i++) limiter.answered();
    expect(limiter.stats().rate).toBe(4);
  });

  test("Retry-After holds the bucket: the next token comes after it", async () => {
    const clock = 0;
    const limiter = createAccountLimiter({
      rate: 1000,
      burst: 1,
      maxRate: 1000,
      maxConnections: 10,
      now: () => clock,
    });
    limiter.throttled(60_000);
    let granted = false;
    const waiting = limiter.acquire(AbortSignal.timeout(50)).then(() => {
      granted = true;
    });
    await expect(waiting).rejects.toThrow();
    expect(granted).toBe(false);
  });
});

describe("fetch stack composition", () => {
  test("the first layer listed is the outermost", async () => {
    const seen: string[] = [];
    const tag =
      (name: string): FetchLayer =>
      (next) =>
      (input, init) => {
        seen.push(name);
        return next(input, init);
      };
    const fetch = composeFetch(async () => new Response("ok"), [tag("a"), tag("b"), tag("c")]);
    expect(await (await fetch("http://x/", { method: "POST" })).text()).toBe("ok");
    expect(seen).toEqual(["a", "b", "c"]);
  });

  test("the standalone GET stream is refused locally with 405; POSTs pass", async () => {
    let sent = 0;
    const fetch = refuseStandaloneStream(async () => {
      sent++;
      return new Response(null, { status: 202 });
    });
    expect((await fetch("http://x/mcp", { method: "GET" })).status).toBe(405);
    expect((await fetch("http://x/mcp", { method: "POST" })).status).toBe(202);
    expect(sent).toBe(1);
  });
});
