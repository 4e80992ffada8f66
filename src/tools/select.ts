import { REGION_PATTERN } from "../config/schema.ts";
import type { Account } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";

const REGION = new RegExp(REGION_PATTERN);

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
}

/**
 * Expands accounts into units: the request's regions for every account, else each account's own
 * regions, else the default region. Region names are validated before anything runs.
 */
export function planUnits(accounts: Account[], regions: string[] | undefined, defaultRegion: string): Unit[] {
  const requested = [...new Set((regions ?? []).map((r) => r.trim()).filter((r) => r !== ""))];
  const bad = requested.filter((r) => !REGION.test(r));
  if (bad.length > 0) {
    throw new OpsError("E_VALIDATION", `invalid region name${bad.length > 1 ? "s" : ""}: ${bad.join(", ")}`, {
      hint: "regions look like us-east-1, eu-central-1",
      details: { field: "regions" },
    });
  }
  return accounts.flatMap((account) => {
    const list =
      requested.length > 0 ? requested : account.regions.length > 0 ? account.regions : [defaultRegion];
    return list.map((region) => ({ account, region }));
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
