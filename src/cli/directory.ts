import { createHash } from "node:crypto";
import type { Config } from "../config/types.ts";
import type { AuthDecision, CredentialStore } from "../credentials/types.ts";
import type { Logger } from "../log.ts";
import { createFileOrgCache, createMemoryOrgCache, type OrgCache } from "../org/cache.ts";
import { createOrgClient, type OrgClientOptions } from "../org/client.ts";
import { type AccountDirectory, createAccountDirectory, noOrgCredentials } from "../org/directory.ts";
import { discoverOrganization } from "../org/discover.ts";
import type { EnabledRegions } from "../org/enabled-regions.ts";
import { ensureStateDir } from "./session-files.ts";

export interface DirectoryContext {
  config: Config;
  logger: Logger;
  env: Record<string, string | undefined>;
  auth: AuthDecision;
  credentials: CredentialStore;
  regions: EnabledRegions;
  /** Static base credentials (the sandbox operator's keys); default: the SDK chain. */
  baseCredentials?: OrgClientOptions["credentials"];
  /** `serve` keeps the discovery in memory; the CLI keeps it in the state directory. */
  cache: "memory" | "file";
  /** Names the organization in the cache key where the endpoint cannot (the sandbox's is a new port each run). */
  identity?: string;
}

/**
 * Cache file name: the organization endpoint and the identity it was read with, hashed. The identity
 * is what picks the organization: the profile, keys or web-identity role from the environment (two
 * organizations' keys exported in turn must not share a cache), and in SSO mode the portal and the
 * registry's central account. Only public parts (an access key id, never a secret) go in.
 */
export function orgCacheKey(
  config: Config,
  auth: AuthDecision,
  env: Record<string, string | undefined>,
  identity?: string,
): string {
  const sso = config.settings.auth.sso;
  const central = config.accounts.find((a) => a.role === "central")?.id;
  const parts = [
    identity ?? config.env.endpoints.organizations ?? "default",
    config.env.profile ?? "",
    auth.mode,
    env.AWS_ACCESS_KEY_ID ?? "",
    env.AWS_ROLE_ARN ?? "",
    ...(auth.mode === "sso" ? [sso.session ?? sso.start_url ?? sso.profile ?? "", central ?? ""] : []),
  ];
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/** The account directory of a runtime: the registry, plus Organizations discovery when it is on. */
export function createDirectory(ctx: DirectoryContext): AccountDirectory {
  const { config, logger } = ctx;
  const settings = config.settings.organizations;
  // The file cache lives in the checked, private state directory (created only when discovery is on).
  const cache: OrgCache =
    ctx.cache === "memory" || !settings.enabled
      ? createMemoryOrgCache()
      : createFileOrgCache(
          ensureStateDir(ctx.env, "organizations"),
          orgCacheKey(config, ctx.auth, ctx.env, ctx.identity),
          logger,
        );
  const discover = settings.enabled
    ? (signal?: AbortSignal) => {
        const client = createOrgClient({
          settings: config.settings,
          env: config.env,
          credentials: orgCredentials(ctx),
        });
        return discoverOrganization({
          client,
          logger,
          signal,
          ratePerSecond: settings.rate_per_second,
        }).finally(() => client.destroy());
      }
    : undefined;
  return createAccountDirectory({
    registry: config.accounts,
    settings,
    discover,
    cache,
    regions: ctx.regions,
    logger,
    onChange: (accounts) => ctx.credentials.setAccounts(accounts),
  });
}

/** IAM mode signs with the base credentials; SSO mode with the registry's central account. */
function orgCredentials(ctx: DirectoryContext): OrgClientOptions["credentials"] {
  if (ctx.auth.mode !== "sso") return ctx.baseCredentials;
  const central = ctx.config.accounts.find((a) => a.role === "central");
  if (!central) throw noOrgCredentials("sso");
  return () => ctx.credentials.get(central.id);
}
