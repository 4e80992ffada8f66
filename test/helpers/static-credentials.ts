/**
 * A `CredentialStore` with fixed keys per account, for tests of whoever signs.
 *
 *   const store = createStaticCredentials({ "111111111111": [keysA, keysA2] });
 *   store.gets("111111111111")          // how many times get() was called for the account
 *   store.invalidations("111111111111") // how many times invalidate() was called
 *
 * Each account has a list of key sets: `get` returns the current one, `invalidate` moves to the next
 * (if any), which is how a test models "the cached credentials were stale; a refresh fixed them".
 */
import type { Account } from "../../src/config/types.ts";
import type { AwsCredentials, CredentialProvider, CredentialStore } from "../../src/credentials/types.ts";
import { OpsError } from "../../src/errors.ts";

export interface StaticKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StaticCredentials extends CredentialStore {
  gets(accountId: string): number;
  invalidations(accountId: string): number;
}

export function createStaticCredentials(keys: Record<string, StaticKeys | StaticKeys[]>): StaticCredentials {
  const table = new Map(Object.entries(keys).map(([id, k]) => [id, Array.isArray(k) ? k : [k]]));
  const position = new Map<string, number>();
  const getCount = new Map<string, number>();
  const invalidateCount = new Map<string, number>();
  const bump = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);

  const current = (accountId: string): AwsCredentials => {
    const list = table.get(accountId);
    if (!list) throw new OpsError("E_UNKNOWN_ACCOUNT", `no static credentials for account ${accountId}`);
    const k = list[Math.min(position.get(accountId) ?? 0, list.length - 1)]!;
    return { ...k, accountId, source: "sandbox" };
  };
  const provider: CredentialProvider = {
    name: "sandbox",
    fetch: async (account: Account) => current(account.id),
  };

  return {
    provider,
    async get(accountId) {
      bump(getCount, accountId);
      return current(accountId);
    },
    invalidate(accountId) {
      bump(invalidateCount, accountId);
      position.set(accountId, (position.get(accountId) ?? 0) + 1);
    },
    setAccounts() {},
    size: () => table.size,
    gets: (accountId) => getCount.get(accountId) ?? 0,
    invalidations: (accountId) => invalidateCount.get(accountId) ?? 0,
  };
}
