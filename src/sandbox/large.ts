import { createHash } from "node:crypto";
import type { ConfigLayer } from "../config/layers.ts";
import type { Account } from "../config/types.ts";
import type { Logger } from "../log.ts";
import { installGeneratedData } from "./generate/install.ts";
import { type GeneratedOrg, generateOrganization } from "./generate/org.ts";
import type { KeyTable } from "./keys.ts";
import { createOrganizationsEndpoint, type OrgEndpointStats, type OrgPacing } from "./organizations.ts";

/**
 * The large sandbox organization (`--sandbox-accounts N`): generated accounts and resources, and an
 * in-process Organizations endpoint. Its accounts are not handed over as a registry: the runtime
 * discovers them through that endpoint with the production discovery code, as it would in AWS.
 */
export interface LargeOrganization {
  org: GeneratedOrg;
  /** Names this organization in cache keys: changes when the generator makes a different one. */
  fingerprint: string;
  /** Active accounts (what STS lets the operator assume roles in). */
  accounts: Account[];
  /** Enabled regions of an account (the simulated AWS refuses others). */
  enabledRegions(account: Account): readonly string[];
  /** Every region some account enabled. */
  regions: string[];
  /** `http://127.0.0.1:<port>/` */
  endpoint: string;
  stats(): OrgEndpointStats;
  /** What the sandbox overlay adds: discovery on, the tag keys of the generated organization. */
  overlay: Pick<ConfigLayer, "settings" | "accounts" | "endpoints">;
  close(): Promise<void>;
}

export interface LargeOrganizationOptions {
  count: number;
  keys: KeyTable;
  logger: Logger;
  /** Absent: the fast profile (no latency, no throttling; discovery unpaced). */
  pacing?: OrgPacing;
}

export function startLargeOrganization(options: LargeOrganizationOptions): LargeOrganization {
  const org = generateOrganization(options.count);
  const uninstall = installGeneratedData(org);
  const active = org.accounts.filter((a) => a.state === "ACTIVE");
  const regionsById = new Map(active.map((a) => [a.account.id, a.regions]));
  const endpoint = createOrganizationsEndpoint({
    org,
    keys: options.keys,
    logger: options.logger,
    pacing: options.pacing,
  });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: endpoint.handle, idleTimeout: 60 });
  server.unref();
  const url = `http://127.0.0.1:${server.port}/`;
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify(org.accounts.map((a) => [a.account.id, a.account.name, a.parentId, a.tags, a.state])),
    )
    .digest("hex")
    .slice(0, 16);
  return {
    org,
    fingerprint,
    accounts: active.map((a) => a.account),
    enabledRegions: (account) => regionsById.get(account.id) ?? [],
    regions: [...new Set(active.flatMap((a) => a.regions))].sort(),
    endpoint: url,
    stats: endpoint.stats,
    overlay: {
      endpoints: { organizations: url },
      settings: {
        organizations: {
          enabled: true,
          environment_tag: "environment",
          name_tag: "name",
          alias_tags: ["alias"],
          // The fast profile has no quota to respect; the realistic one keeps the production pace.
          ...(options.pacing ? {} : { rate_per_second: 1000 }),
        },
      },
      // No registry: every account comes from discovery (the management account becomes `central`).
      accounts: [],
    },
    close: async () => {
      uninstall();
      await server.stop(true);
    },
  };
}
