import { expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { createTokenBucket } from "../../src/mcp/token-bucket.ts";

test("a burst goes at once, then callers wait their turn in arrival order", async () => {
  // The clock stands still: only the burst can be granted without waiting; the rest sleep their
  // reserved 20, 40, 60 ms and come out in the order they asked.
  const bucket = createTokenBucket({ ratePerSecond: 50, burst: 2, now: () => 0 });
  const order: number[] = [];
  const all = Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
  await Promise.resolve();
  await Promise.resolve();
  expect(order).toEqual([0, 1]);
  await all;
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
