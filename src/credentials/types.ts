import type { Account } from "../config/types.ts";

/** Short-lived credentials of one account. Passed explicitly to whoever signs; never put in process.env. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When they stop working; undefined for long-lived keys. */
  expiration?: Date;
  accountId: string;
  /** Where they came from: `assume-role`, `sso`, `sandbox`. */
  source: CredentialSource;
}

export type CredentialSource = "assume-role" | "sso" | "sandbox";

/** Fetches fresh credentials for one account; the store adds caching and single-flight. */
export interface CredentialProvider {
  readonly name: "iam" | "sso" | "sandbox";
  fetch(account: Account, roleName: string | undefined, signal?: AbortSignal): Promise<AwsCredentials>;
  /** Accounts the provider can discover (sso:ListAccounts); optional. */
  listAccounts?(signal?: AbortSignal): Promise<Account[]>;
  /** Forget cached tokens (e.g. after a 401 from the SSO portal). */
  reset?(): void;
}

export interface CredentialStore {
  /** Credentials for an account, from cache when fresh; concurrent cold calls share one fetch. */
  get(accountId: string, roleName?: string, signal?: AbortSignal): Promise<AwsCredentials>;
  /** Drop cached credentials (after an auth failure) so the next get fetches anew. */
  invalidate(accountId: string, roleName?: string): void;
  /** Replace the known accounts; entries of accounts no longer present are dropped. */
  setAccounts(accounts: Account[]): void;
  /** Number of cached entries. */
  size(): number;
  readonly provider: CredentialProvider;
}

/** The credential mode chosen at start, with why (logged once, shown by doctor). */
export interface AuthDecision {
  mode: "iam" | "sso" | "sandbox";
  reason: string;
}
