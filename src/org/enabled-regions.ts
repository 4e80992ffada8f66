import type { Account } from "../config/types.ts";
import { OpsError, toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { McpPool } from "../mcp/types.ts";
import type { ToolDef } from "../plugins/format.ts";
import { createPluginTool } from "../plugins/tool.ts";
import { runUnit } from "../tools/unit.ts";

/**
 * Each account's enabled regions, for `regions: all`: asked through the account's own credentials
 * on the AWS MCP server (member roles deny direct calls that do not come through the MCP service),
 * with the same generated, guarded script as every tool. `account:ListRegions` (opt-in status
 * ENABLED or ENABLED_BY_DEFAULT) first; where the Account API is not available or not allowed,
 * `ec2:DescribeRegions` (which lists only regions the account can use). Cached per account with a TTL.
 */
const LIST_REGIONS: ToolDef = {
  name: "account_list_regions",
  description: "Enabled regions of the account.",
  operation: "ListRegions",
  params: { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"], MaxResults: 50 },
  items: "Regions[]",
  paginate: { input_token: "NextToken", output_token: "NextToken" },
  max_items: 500,
  select: { region: "RegionName", status: "RegionOptStatus" },
};

const DESCRIBE_REGIONS: ToolDef = {
  name: "ec2_describe_regions",
  description: "Regions the account can use.",
  operation: "DescribeRegions",
  items: "Regions[]",
  max_items: 500,
  select: { region: "RegionName", status: "OptInStatus" },
};

const listRegions = createPluginTool("account", LIST_REGIONS, "builtin:regions", []);
const describeRegions = createPluginTool("ec2", DESCRIBE_REGIONS, "builtin:regions", []);

/** IAM actions `regions: all` needs in member accounts (`iam-policy` and the member role include them). */
export const REGION_PROBE_ACTIONS: readonly string[] = [
  ...listRegions.iamActions,
  ...describeRegions.iamActions,
];

export interface EnabledRegionsOptions {
  mcp: McpPool;
  scriptTool: string;
  /** Region the discovery calls run in (`settings.region`). */
  homeRegion: string;
  timeoutMs: number;
  /** How long a discovered list is reused. */
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

export interface RegionListing {
  regions: string[];
  /** Which API answered. */
  source: "account:ListRegions" | "ec2:DescribeRegions";
  /** Epoch ms of the discovery (for caches and `accounts`). */
  at: number;
}

export interface EnabledRegions {
  /** One account's enabled regions (cached; concurrent callers share one discovery). */
  of(account: Account, signal?: AbortSignal): Promise<RegionListing>;
  /** Several accounts at once: each id maps to its regions, or to the error that stopped discovery. */
  resolve(accounts: Account[], signal?: AbortSignal): Promise<Map<string, string[] | OpsError>>;
  /** What is cached, to persist with the accounts; `seed` puts it back. */
  snapshot(): Record<string, RegionListing>;
  seed(listings: Record<string, RegionListing>): void;
}

export function createEnabledRegions(options: EnabledRegionsOptions): EnabledRegions {
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: "regions" });
  const cache = new Map<string, RegionListing>();
  const inflight = new Map<string, Promise<RegionListing>>();

  async function ask(account: Account, signal: AbortSignal | undefined, tool = listRegions) {
    const unit = { account, region: options.homeRegion };
    const code = tool.render({}, [options.homeRegion]);
    const run = { mcp: options.mcp, scriptTool: options.scriptTool, timeoutMs: options.timeoutMs, signal };
    const { items } = await runUnit(unit, code, run);
    return items
      .map((item) => String((item as { region?: unknown }).region ?? "").toLowerCase())
      .filter((region) => region !== "")
      .sort();
  }

  async function discover(account: Account, signal?: AbortSignal): Promise<RegionListing> {
    try {
      const regions = await ask(account, signal);
      return { regions, source: "account:ListRegions", at: now() };
    } catch (error) {
      const e = toOpsError(error);
      if (e.code === "E_CANCELLED" || e.code === "E_TIMEOUT") throw e;
      log.info("account:ListRegions failed; falling back to ec2:DescribeRegions", {
        account: account.id,
        code: e.code,
      });
      const regions = await ask(account, signal, describeRegions);
      return { regions, source: "ec2:DescribeRegions", at: now() };
    }
  }

  function of(account: Account, signal?: AbortSignal): Promise<RegionListing> {
    const cached = cache.get(account.id);
    if (cached && now() - cached.at < options.ttlMs) return Promise.resolve(cached);
    let pending = inflight.get(account.id);
    if (!pending) {
      pending = discover(account, signal)
        .then((listing) => {
          if (listing.regions.length === 0) {
            throw new OpsError("E_AWS_API", `${account.name}: the region listing came back empty`);
          }
          cache.set(account.id, listing);
          return listing;
        })
        .finally(() => inflight.delete(account.id));
      inflight.set(account.id, pending);
    }
    return pending;
  }

  return {
    of,
    async resolve(accounts, signal) {
      const entries = await Promise.all(
        accounts.map(async (account) => {
          try {
            return [account.id, (await of(account, signal)).regions] as const;
          } catch (error) {
            const e = toOpsError(error);
            if (e.code === "E_CANCELLED") throw e;
            const why = new OpsError(e.code, `enabled regions of ${account.name}: ${e.message}`, {
              cause: e,
            });
            return [account.id, why] as const;
          }
        }),
      );
      return new Map<string, string[] | OpsError>(entries);
    },
    snapshot: () => Object.fromEntries(cache),
    seed(listings) {
      for (const [id, listing] of Object.entries(listings)) cache.set(id, listing);
    },
  };
}
