import { ALL_REGIONS, parseRegions } from "../config/regions.ts";
import type { Account, OrganizationsSettings } from "../config/types.ts";
import type { Logger } from "../log.ts";
import type { OrgMember, OrgSnapshot } from "./discover.ts";

/**
 * Discovered members as registry accounts: tags name the environment, the name, aliases and regions
 * (settings `organizations.*_tag`); `include_ous` (ids or paths, sub-OUs included) and
 * `exclude_accounts` filter; the management account is `central`. Names stay unique: a name that is
 * taken falls back to the account id.
 */
export function membersToAccounts(
  snapshot: OrgSnapshot,
  settings: OrganizationsSettings,
  logger: Logger,
): Account[] {
  const include = settings.include_ous.map((o) => o.replace(/^\/+|\/+$/g, "").toLowerCase());
  const excluded = new Set(settings.exclude_accounts);
  const taken = new Set<string>();
  const out: Account[] = [];
  // Entries (as written) that no account matched yet.
  const unmatched = new Map(include.map((want, i) => [want, settings.include_ous[i] as string]));
  for (const member of snapshot.accounts) {
    for (const want of unmatched.keys()) if (included(member, [want])) unmatched.delete(want);
    if (excluded.has(member.id) || !included(member, include)) continue;
    const tag = (key: string) => (key ? member.tags[key]?.trim() || undefined : undefined);
    let name = tag(settings.name_tag) ?? member.name;
    if (taken.has(name.toLowerCase())) name = member.id;
    const aliases = [
      ...new Set(settings.alias_tags.map(tag).filter((a): a is string => a !== undefined)),
    ].filter((a) => !taken.has(a.toLowerCase()) && a.toLowerCase() !== name.toLowerCase());
    for (const label of [name, ...aliases]) taken.add(label.toLowerCase());
    out.push({
      id: member.id,
      name,
      environment: tag(settings.environment_tag) ?? "unknown",
      role: member.id === snapshot.management_account_id ? "central" : "workload",
      regions: regionsFromTag(tag(settings.regions_tag), member, logger),
      aliases,
      ou: member.ou,
      source: "organizations",
    });
  }
  // A typo in an OU path silently leaves its accounts out; say which entries matched nothing.
  const ous = [...new Set(snapshot.accounts.map((m) => m.ou).filter((ou) => ou !== ""))].sort();
  for (const written of unmatched.values()) {
    logger.warn(`organizations.include_ous: "${written}" matches no account`, { ous: ous.join(", ") });
  }
  return out;
}

function included(member: OrgMember, include: string[]): boolean {
  if (include.length === 0) return true;
  const path = member.ou.toLowerCase();
  return include.some(
    (want) =>
      member.ou_ids.some((id) => id.toLowerCase() === want) || path === want || path.startsWith(`${want}/`),
  );
}

function regionsFromTag(value: string | undefined, member: OrgMember, logger: Logger): string[] {
  if (!value) return [];
  if (value.trim().toLowerCase() === ALL_REGIONS) return [ALL_REGIONS];
  try {
    return parseRegions(value.split(","));
  } catch (error) {
    logger.warn("ignoring the regions tag of a discovered account", {
      account: member.id,
      error: String((error as Error).message),
    });
    return [];
  }
}

export interface MergedDirectory {
  accounts: Account[];
  /** Registry accounts Organizations did not return (kept, and flagged by `accounts`). */
  notInOrganization: string[];
}

/**
 * The registry over discovery, by account id: a listed account keeps its name, aliases, regions,
 * role and role name (its environment too, unless the registry left it `unknown`) and gains its OU;
 * a listed account that Organizations does not return is kept and reported.
 */
export function mergeRegistry(registry: Account[], discovered: Account[]): MergedDirectory {
  const byId = new Map(discovered.map((a) => [a.id, a]));
  const labels = new Set(registry.flatMap((a) => [a.name, ...a.aliases].map((n) => n.toLowerCase())));
  const notInOrganization: string[] = [];
  const accounts: Account[] = registry.map((listed) => {
    const found = byId.get(listed.id);
    if (!found) {
      notInOrganization.push(listed.id);
      return { ...listed, source: "registry" };
    }
    byId.delete(listed.id);
    const environment = listed.environment === "unknown" ? found.environment : listed.environment;
    return { ...listed, environment, ou: found.ou, source: "both" };
  });
  for (const account of byId.values()) {
    const name = labels.has(account.name.toLowerCase()) ? account.id : account.name;
    const aliases = account.aliases.filter((a) => !labels.has(a.toLowerCase()));
    for (const label of [name, ...aliases]) labels.add(label.toLowerCase());
    accounts.push({ ...account, name, aliases });
  }
  return { accounts, notInOrganization };
}
