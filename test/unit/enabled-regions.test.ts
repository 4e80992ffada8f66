import { expect, test } from "bun:test";
import type { Account } from "../../src/config/types.ts";
import { silentLogger } from "../../src/log.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { createEnabledRegions } from "../../src/org/enabled-regions.ts";
import { extractSpec } from "../../src/sandbox/extract-spec.ts";

/**
 * `regions: all` without the Account API: an account whose ListRegions is refused gets its regions
 * from ec2:DescribeRegions, through the same script tool and the account's own credentials.
 */
const account: Account = {
  id: "123456789012",
  name: "legacy",
  environment: "prod",
  role: "workload",
  regions: [],
  aliases: [],
};

function fakePool(listRegions: "denied" | "ok", calls: string[]): McpPool {
  return {
    async callTool(_name, args, options) {
      const spec = extractSpec(String(args.code));
      calls.push(`${options.accountId} ${spec.service}:${spec.operation}`);
      const region = spec.regions[0];
      if (spec.operation === "ListRegions" && listRegions === "denied") {
        const error = { code: "AccessDeniedException", message: "not authorized: account:ListRegions" };
        return { value: { v: 2, regions: [{ region, error }] }, from: "json-text", text: "" };
      }
      const items = ["US-WEST-2", "eu-west-1"].map((r) => ({ region: r, status: "opted-in" }));
      return { value: { v: 2, regions: [{ region, items, truncated: false }] }, from: "json-text", text: "" };
    },
    listTools: async () => [],
    close: async () => {},
  };
}

const regionsWith = (pool: McpPool) =>
  createEnabledRegions({
    mcp: pool,
    scriptTool: "aws___run_script",
    homeRegion: "us-east-1",
    timeoutMs: 5_000,
    ttlMs: 60_000,
    logger: silentLogger,
  });

test("ListRegions refused: ec2:DescribeRegions answers; the listing is cached", async () => {
  const calls: string[] = [];
  const regions = regionsWith(fakePool("denied", calls));
  const listing = await regions.of(account);
  expect(listing).toMatchObject({ regions: ["eu-west-1", "us-west-2"], source: "ec2:DescribeRegions" });
  expect(calls).toEqual([`${account.id} account:ListRegions`, `${account.id} ec2:DescribeRegions`]);
  await regions.of(account);
  expect(calls).toHaveLength(2);
});

test("ListRegions answering: no fallback", async () => {
  const calls: string[] = [];
  const listing = await regionsWith(fakePool("ok", calls)).of(account);
  expect(listing.source).toBe("account:ListRegions");
  expect(calls).toEqual([`${account.id} account:ListRegions`]);
});
