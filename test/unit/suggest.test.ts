import { expect, test } from "bun:test";
import { closest, didYouMean } from "../../src/suggest.ts";

test("nearest spelling: typos and transpositions, case-insensitive; nothing when nothing is close", () => {
  const flags = ["accounts", "regions", "output", "concurrency", "sandbox"];
  expect(closest("acounts", flags)).toBe("accounts");
  expect(closest("outptu", flags)).toBe("output"); // one transposition
  expect(closest("REGIONS", flags)).toBe("regions");
  expect(closest("region", flags)).toBe("regions");
  expect(closest("verbose", flags)).toBeUndefined();
  expect(closest("ec", ["s3", "ecs"])).toBe("ecs");
  expect(closest("ab", ["s3"])).toBeUndefined(); // short words tolerate one edit only
  expect(didYouMean("jsno", ["table", "json"])).toBe(' (did you mean "json"?)');
  expect(didYouMean("xml", ["table", "json"])).toBe("");
});
