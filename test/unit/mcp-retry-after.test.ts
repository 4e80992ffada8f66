import { expect, test } from "bun:test";
import { retryAfterMs } from "../../src/mcp/backoff.ts";

/** A 429's Retry-After, in both forms HTTP allows: delta-seconds and an HTTP-date. */
const after = (value?: string) =>
  new Response(null, { status: 429, headers: value === undefined ? {} : { "retry-after": value } });
const NOW = Date.parse("2026-12-02T20:00:00Z");

test.each([
  ["2", 2000],
  ["0.5", 500],
  ["0", 0],
  ["-3", 0],
  ["Wed, 02 Dec 2026 20:00:03 GMT", 3000],
  ["Wed, 02 Dec 2026 19:59:00 GMT", 0],
  ["soon", 0],
  [undefined, 0],
])("Retry-After %p → %p ms", (value, ms) => {
  expect(retryAfterMs(after(value), NOW)).toBe(ms);
});
