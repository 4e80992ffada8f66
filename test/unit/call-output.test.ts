import { expect, test } from "bun:test";
import { renderCallCsv, renderCallTable } from "../../src/cli/commands/call-output.ts";
import { toCallResult } from "../../src/tools/call-result.ts";

/** `call` table and CSV: an item field named like a unit column (S3 buckets carry their own region) is not a second `region`. */
const buckets = toCallResult(
  "s3_list_buckets",
  {},
  [
    {
      account_id: "512345678901",
      account_name: "production",
      region: "us-east-1",
      duration_ms: 1,
      ok: true,
      data: {
        items: [
          { name: "logs-eu", region: "eu-west-1", account: "x" },
          { name: "assets", region: "us-east-1", account: "y" },
        ],
        truncated: false,
      },
    },
  ],
  1,
);

test("CSV: the bucket's region is item_region, beside the unit's region", () => {
  const [header, first] = renderCallCsv(buckets).split(/\r?\n/);
  expect(header).toBe("account_id,account_name,region,name,item_region,account");
  expect(first).toBe("512345678901,production,us-east-1,logs-eu,eu-west-1,x");
});

test("table: every header once (ACCOUNT and REGION of the unit, then ITEM_REGION, ITEM_ACCOUNT)", () => {
  const header = renderCallTable(buckets).split("\n")[0]!.trim().split(/\s+/);
  expect(header.map((h) => h.toLowerCase())).toEqual([
    "account",
    "region",
    "name",
    "item_region",
    "item_account",
  ]);
});
