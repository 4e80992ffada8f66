import { raceAbort } from "../_async.ts";
import type { Account } from "../config/types.ts";
import { OpsError, toOpsError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { maskAccessKey } from "../redact.ts";
import { mergeAccounts } from "./accounts.ts";
import type { AwsCredentials, CredentialProvider, CredentialStore } from "./types.ts";

export interface CredentialStoreOptions {
  /** Fetches credentials on a miss (IAM AssumeRole, SSO GetRoleCredentials, sandbox). */
  provider: CredentialProvider;
  /** The registry: only these accounts (plus discovered ones, see `discover`) are served. */
  accounts: Account[];
  /** Fetch anew this many ms before `expiration` (settings.auth.refresh_before_seconds × 1000). */
  refreshBeforeMs: number;
  /** Clock in epoch ms; tests pass a controllable one. */
  now?: () => number;
  logger?: Logger;
  /** Serve accounts the provider lists (`listAccounts`) but the registry lacks. Default: when the provider can list. */
  discover?: boolean;
  /** Delay before the next attempt after throttling: `baseMs × 2^(n-1)`, capped at `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
  /** How the store waits out a backoff; tests replace it to observe the delay without sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Upper bound on cached entries (account × role); the oldest is dropped first. */
  maxEntries?: number;
}

interface Entry {
  readonly accountId: string;
  /** The last good credentials, as an already-settled promise so a warm get allocates nothing. */
  ready?: Promise<AwsCredentials>;
  refreshAt: number;
  inflight?: Promise<AwsCredentials>;
  throttled: number;
  notBefore: number;
}

const keyOf = (accountId: string, roleName?: string) => (roleName ? `${accountId}:${roleName}` : accountId);

const cancelled = () => new OpsError("E_CANCELLED", "credential request cancelled");
const withSignal = <T>(promise: Promise<T>, signal: AbortSignal | undefined) =>
  raceAbort(promise, signal, cancelled);

/** Per-account credential cache with single-flight fetches; credentials stay in memory only. */
export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { provider } = options;
  const refreshBeforeMs = Math.max(0, options.refreshBeforeMs);
  const now = options.now ?? Date.now;
  const logger = (options.logger ?? silentLogger).child({ component: "credentials" });
  const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
  const sleep = options.sleep ?? ((ms: number) => Bun.sleep(ms));
  const maxEntries = options.maxEntries ?? 4096;
  const canDiscover = options.discover ?? provider.listAccounts !== undefined;
  const entries = new Map<string, Entry>();
  let known = new Map(options.accounts.map((a) => [a.id, a]));
  let discovered: Promise<Map<string, Account>> | undefined;

  function discover(): Promise<Map<string, Account>> {
    const list = provider.listAccounts;
    if (!list) return Promise.resolve(new Map());
    discovered ??= list().then(
      (accounts) => new Map(mergeAccounts([...known.values()], accounts).map((a) => [a.id, a])),
      (error) => {
        discovered = undefined;
        throw error;
      },
    );
    return discovered;
  }

  function unknown(accountId: string): OpsError {
    return new OpsError("E_UNKNOWN_ACCOUNT", `account ${accountId} is not in the account registry`, {
      hint: "Add it to the registry (config/accounts.yaml) or, in SSO mode, enable auth.sso.discover_accounts.",
      details: { account_id: accountId },
    });
  }

  async function load(
    key: string,
    entry: Entry,
    account: Account,
    roleName?: string,
  ): Promise<AwsCredentials> {
    const who = { account_id: account.id, ...(roleName ? { role: roleName } : {}) };
    try {
      const wait = entry.notBefore - now();
      if (wait > 0) await sleep(wait);
      const started = performance.now();
      const creds = await provider.fetch(account, roleName);
      const expiresAt = creds.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (expiresAt <= now()) {
        throw new OpsError(
          "E_NO_CREDENTIALS",
          `${provider.name} returned expired credentials for ${account.id}`,
        );
      }
      entry.throttled = 0;
      entry.notBefore = 0;
      if (entries.get(key) === entry) {
        entry.ready = Promise.resolve(creds);
        entry.refreshAt = expiresAt - refreshBeforeMs;
      }
      logger.debug("credentials fetched", {
        ...who,
        source: creds.source,
        access_key: maskAccessKey(creds.accessKeyId),
        expires_at: creds.expiration?.toISOString(),
        latency_ms: Math.round(performance.now() - started),
      });
      return creds;
    } catch (thrown) {
      const error = toOpsError(thrown, "E_NO_CREDENTIALS");
      if (error.code === "E_AWS_THROTTLED") {
        entry.throttled += 1;
        entry.notBefore = now() + Math.min(backoff.maxMs, backoff.baseMs * 2 ** (entry.throttled - 1));
      } else if (!entry.ready && entries.get(key) === entry) {
        entries.delete(key); // failures are not cached
      }
      logger.debug("credentials failed", { ...who, code: error.code });
      throw error;
    } finally {
      entry.inflight = undefined;
    }
  }

  function start(key: string, account: Account, roleName?: string): Promise<AwsCredentials> {
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entry = { accountId: account.id, refreshAt: 0, throttled: 0, notBefore: 0 };
      entries.set(key, entry);
    }
    entry.inflight ??= load(key, entry, account, roleName);
    return entry.inflight;
  }

  function get(accountId: string, roleName?: string, signal?: AbortSignal): Promise<AwsCredentials> {
    const key = keyOf(accountId, roleName);
    const entry = entries.get(key);
    if (entry?.ready && now() < entry.refreshAt) return entry.ready;
    if (entry?.inflight) return withSignal(entry.inflight, signal);
    const account = known.get(accountId);
    if (account) return withSignal(start(key, account, roleName), signal);
    if (!canDiscover) return Promise.reject(unknown(accountId));
    const found = discover().then((map) => {
      const match = map.get(accountId);
      if (!match) throw unknown(accountId);
      return start(key, match, roleName);
    });
    return withSignal(found, signal);
  }

  return {
    provider,
    get,
    invalidate(accountId, roleName) {
      if (roleName) entries.delete(keyOf(accountId, roleName));
      else for (const [key, entry] of entries) if (entry.accountId === accountId) entries.delete(key);
    },
    setAccounts(accounts) {
      known = new Map(accounts.map((a) => [a.id, a]));
      discovered = undefined;
      for (const [key, entry] of entries) if (!known.has(entry.accountId)) entries.delete(key);
    },
    size: () => entries.size,
  };
}
