import { expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { createTokenBucket } from "../../src/mcp/token-bucket.ts";

test("a burst goes at once, then callers are spaced 1/rate apart in arrival order", async () => {
  const bucket = createTokenBucket({ ratePerSecond: 50, burst: 2 });
  const started = performance.now();
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
  // 2 immediate + 3 more at 20 ms intervals: at least ~60 ms.
  expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  expect(order).toEqual([0, 1, 2, 3, 4]);
});

test("an aborted wait gives its slot back", async () => {
  let clock = 0;
  const bucket = createTokenBucket({ ratePerSecond: 10, burst: 1, now: () => clock });
  await bucket.take();
  const controller = new AbortController();
  const waiting = bucket.take(controller.signal);
  controller.abort(new Error("stop"));
  await expect(waiting).rejects.toThrow("stop");
  // One interval later exactly one token has refilled; it is free only if the aborted caller returned its reservation.
  clock += 100;
  let granted = false;
  void bucket.take().then(() => {
    granted = true;
  });
  await Promise.resolve();
  expect(granted).toBe(true);
});

test("a rate of 0 is a configuration error", () => {
  expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow();
  try {
    createTokenBucket({ ratePerSecond: -1 });
  } catch (e) {
    expect(isOpsError(e, "E_CONFIG")).toBe(true);
  }
});
