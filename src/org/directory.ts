import type { Account, OrganizationsSettings } from "../config/types.ts";
import { OpsError, toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { OrgCache, OrgCacheEntry } from "./cache.ts";
import type { OrgSnapshot } from "./discover.ts";
import type { EnabledRegions } from "./enabled-regions.ts";
import { membersToAccounts, mergeRegistry } from "./members.ts";

/**
 * The accounts ops-agent serves: the static registry, or the registry over Organizations discovery
 * (merged by id). A discovery is reused for `cache_ttl_seconds` from the cache (memory for serve, a
 * file for the CLI); the enabled regions found for `regions: all` are kept with it.
 */
export interface DirectoryInfo {
  source: "registry" | "organizations";
  /** Epoch ms of the discovery in use. */
  discovered_at?: number;
  /** The discovery came from the cache (not read from Organizations in this process). */
  from_cache: boolean;
  /** Organizations API calls of the discovery in use. */
  calls?: number;
  management_account_id?: string;
  /** Registry accounts that Organizations did not return. */
  not_in_organization: string[];
  /** Where the discovery is cached. */
  cache?: string;
  /** The discovery failed and an expired cache is in use (why). */
  stale?: string;
}

export interface AccountDirectory {
  accounts(): Account[];
  /** Reads the cache, or discovers when it is missing, expired or `refresh` is set. */
  load(options?: { refresh?: boolean; signal?: AbortSignal }): Promise<void>;
  info(): DirectoryInfo;
  /** Starts a background refresh when the discovery in use is older than the TTL (serve). */
  refreshIfStale(): void;
  /** Writes the enabled regions found so far back to the cache. */
  save(): void;
}

export interface AccountDirectoryOptions {
  registry: Account[];
  settings: OrganizationsSettings;
  /** Reads the organization; undefined when discovery is off. */
  discover?: (signal?: AbortSignal) => Promise<OrgSnapshot>;
  cache: OrgCache;
  regions?: EnabledRegions;
  logger: Logger;
  /** Called when the account list changes (the credential store learns the new accounts). */
  onChange?: (accounts: Account[]) => void;
  now?: () => number;
}

export function createAccountDirectory(options: AccountDirectoryOptions): AccountDirectory {
  const { settings, cache, logger } = options;
  const now = options.now ?? Date.now;
  const ttlMs = settings.cache_ttl_seconds * 1000;
  let accounts: Account[] = options.registry.map((a) => ({ ...a, source: "registry" as const }));
  let entry: OrgCacheEntry | undefined;
  let info: DirectoryInfo = { source: "registry", from_cache: false, not_in_organization: [] };
  let refreshing: Promise<void> | undefined;

  function use(next: OrgCacheEntry, fromCache: boolean, stale?: string) {
    entry = next;
    options.regions?.seed(next.regions);
    const merged = mergeRegistry(options.registry, membersToAccounts(next.snapshot, settings, logger));
    accounts = merged.accounts;
    info = {
      source: "organizations",
      discovered_at: next.at,
      from_cache: fromCache,
      calls: next.snapshot.calls,
      management_account_id: next.snapshot.management_account_id,
      not_in_organization: merged.notInOrganization,
      cache: cache.where,
      ...(stale ? { stale } : {}),
    };
    options.onChange?.(accounts);
  }

  async function discover(signal?: AbortSignal) {
    if (!options.discover) return;
    const snapshot = await options.discover(signal);
    const next = { at: now(), snapshot, regions: {} };
    cache.write(next);
    use(next, false);
  }

  return {
    accounts: () => accounts,
    info: () => info,
    async load({ refresh = false, signal } = {}) {
      if (!options.discover) return;
      const cached = cache.read();
      if (cached && !refresh && now() - cached.at < ttlMs) return use(cached, true);
      try {
        await discover(signal);
      } catch (error) {
        const e = toOpsError(error);
        if (!cached || e.code === "E_CANCELLED") throw e;
        const age = Math.round((now() - cached.at) / 1000);
        logger.warn(`Organizations discovery failed; using the cached organization from ${age} s ago`, {
          code: e.code,
          error: e.message,
        });
        use(cached, true, `${e.code}: ${e.message}`);
      }
    },
    refreshIfStale() {
      if (!options.discover || refreshing || !entry || now() - entry.at < ttlMs) return;
      refreshing = discover()
        .catch((error) => {
          const e = toOpsError(error);
          logger.warn("background Organizations refresh failed; keeping the accounts in use", {
            code: e.code,
          });
        })
        .finally(() => {
          refreshing = undefined;
        });
    },
    save() {
      if (!entry || !options.regions) return;
      entry = { ...entry, regions: { ...entry.regions, ...options.regions.snapshot() } };
      try {
        cache.write(entry);
      } catch (error) {
        logger.warn("could not write the organization cache", { error: String(error) });
      }
    },
  };
}

/** Thrown when discovery is on but there is nothing to sign Organizations calls with. */
export function noOrgCredentials(mode: string): OpsError {
  return new OpsError(
    "E_CONFIG",
    `organizations.enabled needs the central account's credentials; in ${mode} mode list the central account (role: central) in the registry`,
  );
}
