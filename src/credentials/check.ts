import type { Account } from "../config/types.ts";
import { type ErrorCode, toOpsError } from "../errors.ts";
import type { CredentialStore } from "./types.ts";

/** One line of `ops-agent accounts --check`. Never carries credentials. */
export interface AccountCheckRow {
  account_id: string;
  name: string;
  ok: boolean;
  /** `assume-role`, `sso`, `sandbox` on success; the provider name on failure. */
  source: string;
  /** ISO time the credentials expire. */
  expires_at?: string;
  latency_ms: number;
  error?: { code: ErrorCode; message: string };
}

export interface CheckAccountsOptions {
  store: CredentialStore;
  accounts: Account[];
  /** Accounts checked at once. */
  concurrency: number;
  signal?: AbortSignal;
}

/** Obtains credentials for every account, a bounded number at a time; one failure never stops the rest. */
export async function checkAccounts(options: CheckAccountsOptions): Promise<AccountCheckRow[]> {
  const { store, accounts } = options;
  const rows: AccountCheckRow[] = new Array(accounts.length);
  let next = 0;
  async function worker(): Promise<void> {
    for (let i = next++; i < accounts.length; i = next++) {
      const account = accounts[i]!;
      const started = performance.now();
      const base = { account_id: account.id, name: account.name };
      try {
        const creds = await store.get(account.id, undefined, options.signal);
        rows[i] = {
          ...base,
          ok: true,
          source: creds.source,
          expires_at: creds.expiration?.toISOString(),
          latency_ms: Math.round(performance.now() - started),
        };
      } catch (thrown) {
        const error = toOpsError(thrown);
        rows[i] = {
          ...base,
          ok: false,
          source: store.provider.name,
          latency_ms: Math.round(performance.now() - started),
          error: { code: error.code, message: error.message },
        };
      }
    }
  }
  const width = Math.max(1, Math.min(options.concurrency, accounts.length));
  await Promise.all(Array.from({ length: width }, worker));
  return rows;
}
