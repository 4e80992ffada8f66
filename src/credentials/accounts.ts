import type { Account } from "../config/types.ts";

/**
 * Registry accounts plus discovered ones (sso:ListAccounts) the registry lacks. The registry's
 * metadata wins for accounts in both; a discovered name that collides with a registry name or alias
 * falls back to the account id so names stay unique.
 */
export function mergeAccounts(registry: Account[], discovered: Account[]): Account[] {
  const ids = new Set(registry.map((a) => a.id));
  const names = new Set(registry.flatMap((a) => [a.name, ...a.aliases].map((n) => n.toLowerCase())));
  const merged = [...registry];
  for (const account of discovered) {
    if (ids.has(account.id)) continue;
    ids.add(account.id);
    const name = names.has(account.name.toLowerCase()) ? account.id : account.name;
    names.add(name.toLowerCase());
    merged.push({ ...account, name });
  }
  return merged;
}
