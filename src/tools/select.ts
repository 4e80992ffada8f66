import { ALL_REGIONS, parseRegions } from "../config/regions.ts";
import type { Account } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";

/**
 * Resolves `--accounts` selectors: `all`, ids, names, aliases (case-insensitive) and
 * `env:<environment>`. No selector means every workload account; central accounts are included
 * only when named (by id, name or alias). Order follows the registry; duplicates collapse.
 */
export function selectAccounts(accounts: Account[], selectors: string[] | undefined): Account[] {
  const wanted = (selectors ?? []).map((s) => s.trim()).filter((s) => s !== "");
  if (wanted.length === 0) return accounts.filter((a) => a.role === "workload");
  const chosen = new Set<Account>();
  const unknown: string[] = [];
  for (const selector of wanted) {
    const matches = match(accounts, selector);
    if (matches.length === 0) unknown.push(selector);
    for (const account of matches) chosen.add(account);
  }
  if (unknown.length > 0) throw unknownAccount(accounts, unknown);
  return accounts.filter((a) => chosen.has(a));
}

function match(accounts: Account[], selector: string): Account[] {
  const s = selector.toLowerCase();
  if (s === "all") return accounts.filter((a) => a.role === "workload");
  if (s.startsWith("env:")) {
    const env = s.slice(4);
    return accounts.filter((a) => a.role === "workload" && a.environment.toLowerCase() === env);
  }
  return accounts.filter(
    (a) =>
      a.id === selector || a.name.toLowerCase() === s || a.aliases.some((alias) => alias.toLowerCase() === s),
  );
}

/** One line whatever the size of the registry: each unknown selector with its nearest spelling. */
function unknownAccount(accounts: Account[], unknown: string[]): OpsError {
  const names = accounts.map((a) => a.name);
  const envs = new Set(accounts.filter((a) => a.role === "workload").map((a) => `env:${a.environment}`));
  const candidates = ["all", ...names, ...accounts.flatMap((a) => a.aliases), ...envs];
  const listed = unknown.map((u) => `"${u}"${didYouMean(u, candidates)}`).join(", ");
  return new OpsError("E_UNKNOWN_ACCOUNT", `unknown account${unknown.length > 1 ? "s" : ""} ${listed}`, {
    hint: "run `ops-agent accounts` to see ids, names and aliases",
    details: { unknown, valid: names },
  });
}

/** One account×region unit of a fan-out. */
export interface Unit {
  account: Account;
  region: string;
  /** Set when the account's enabled regions could not be discovered: the unit fails with it, alone. */
  error?: OpsError;
  /** A global listing's one unit for `regions: all`: runs in `region`, lists every region. */
  allRegions?: boolean;
}

export interface RegionDefaults {
  /** `settings.regions`: for accounts that name none (`["all"]` = each account's enabled regions). */
  defaultRegions?: readonly string[];
  /** Each account's enabled regions (or why they are unknown), for the accounts `regions: all` applies to. */
  enabled?: ReadonlyMap<string, readonly string[] | OpsError>;
  /** The tool is a global listing (S3 ListBuckets): `all` is one unfiltered call per account. */
  global?: boolean;
}

const isAll = (list: readonly string[]) => list.length === 1 && list[0]?.toLowerCase() === ALL_REGIONS;

/** The request's regions in canonical form, `["all"]`, or undefined; bad names fail before anything runs. */
export function parseRequestedRegions(regions: readonly string[] | undefined): string[] | undefined {
  const requested = (regions ?? []).map((r) => r.trim()).filter((r) => r !== "");
  if (requested.length === 0) return undefined;
  if (requested.some((r) => r.toLowerCase() === ALL_REGIONS)) {
    if (requested.length > 1) {
      throw new OpsError(
        "E_VALIDATION",
        `"all" cannot be combined with region names (got ${requested.join(", ")})`,
        {
          details: { field: "regions" },
        },
      );
    }
    return [ALL_REGIONS];
  }
  return parseRegions(requested);
}

function regionsFor(
  account: Account,
  requested: string[] | undefined,
  defaults: RegionDefaults,
  fallback: string,
) {
  if (requested) return requested;
  if (account.regions.length > 0) return account.regions;
  return defaults.defaultRegions?.length ? defaults.defaultRegions : [fallback];
}

/** The accounts whose units need their enabled regions (`regions: all` from the request, the registry or settings). */
export function accountsWantingAll(
  accounts: Account[],
  regions: readonly string[] | undefined,
  defaults: RegionDefaults = {},
): Account[] {
  if (defaults.global) return [];
  const requested = parseRequestedRegions(regions);
  return accounts.filter((account) => isAll(regionsFor(account, requested, defaults, "")));
}

/**
 * Expands accounts into units: the request's regions for every account, else each account's own
 * regions, else `settings.regions`, else the default region; `all` becomes the account's enabled
 * regions (`defaults.enabled`), or for a global listing one call per account in the default region.
 * Region names are validated before anything runs.
 */
export function planUnits(
  accounts: Account[],
  regions: readonly string[] | undefined,
  defaultRegion: string,
  defaults: RegionDefaults = {},
): Unit[] {
  const requested = parseRequestedRegions(regions);
  return accounts.flatMap((account): Unit[] => {
    const list = regionsFor(account, requested, defaults, defaultRegion);
    if (!isAll(list)) return list.map((region) => ({ account, region }));
    if (defaults.global) return [{ account, region: defaultRegion, allRegions: true }];
    const enabled = defaults.enabled?.get(account.id);
    if (Array.isArray(enabled)) return enabled.map((region) => ({ account, region }));
    const error =
      enabled instanceof OpsError
        ? enabled
        : new OpsError("E_INTERNAL", `the enabled regions of ${account.name} were not resolved`);
    return [{ account, region: ALL_REGIONS, error }];
  });
}

/**
 * `accounts` / `regions` as callers send them — an array, or one comma-separated string (models and MCP
 * clients do both). Numbers are refused: a 12-digit id sent as a JSON number may have lost a leading zero.
 * Empty means "default".
 */
export function parseSelectors(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  if (!items?.every((v) => typeof v === "string")) {
    throw new OpsError("E_VALIDATION", `"${field}" must be a string or an array of strings`, {
      details: { field },
    });
  }
  const list = items.map((v: string) => v.trim()).filter((v) => v.length > 0);
  return list.length > 0 ? list : undefined;
}
