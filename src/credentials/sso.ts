import { GetRoleCredentialsCommand, ListAccountsCommand, SSOClient } from "@aws-sdk/client-sso";
import type { Account, AwsEnvironment, Settings } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { maskAccessKey } from "../redact.ts";
import { loadSsoTarget, type SsoTarget, ssoCacheDir } from "./sso-config.ts";
import { classifySsoError } from "./sso-errors.ts";
import { refreshSsoToken } from "./sso-refresh.ts";
import { readOwnTokenFile, readSsoToken, type SsoToken } from "./sso-token.ts";

/** Refresh the Identity Center token this long before it expires (the AWS SDKs use 5 minutes). */
const REFRESH_WINDOW_MS = 5 * 60_000;

import type { AwsCredentials, CredentialProvider } from "./types.ts";

export interface SsoProviderOptions {
  settings: Settings;
  env: AwsEnvironment;
  logger?: Logger;
  /** Clock in epoch ms (token expiry checks). */
  now?: () => number;
  /** SDK attempts per portal call (default: the SDK's 3). */
  maxAttempts?: number;
}

export interface SsoProvider extends CredentialProvider {
  listAccounts(signal?: AbortSignal): Promise<Account[]>;
  reset(): void;
}

/** SSO mode: the AWS CLI's cached Identity Center token → sso:GetRoleCredentials per account. */
export function createSsoProvider(options: SsoProviderOptions): SsoProvider {
  const { settings, env } = options;
  const now = options.now ?? Date.now;
  const logger = (options.logger ?? silentLogger).child({ provider: "sso" });
  let target: SsoTarget | undefined;
  let client: SSOClient | undefined;
  let token: SsoToken | undefined;

  let refreshing: Promise<SsoToken> | undefined;

  /**
   * The cached token, refreshed (SSO-OIDC, the cached refresh token) when it expires within 5 minutes,
   * as the AWS SDKs do; concurrent callers share one refresh. A refresh that fails while the token is
   * still valid keeps using it; once it has expired, the user must log in again.
   */
  async function loadToken(t: SsoTarget): Promise<SsoToken> {
    const dir = ssoCacheDir(settings, env);
    const own = readOwnTokenFile(dir, t);
    if (own && own.expiresAt.getTime() - now() > REFRESH_WINDOW_MS) return own;
    if (own?.refreshable(now())) {
      try {
        const refreshed = await refreshSsoToken(own, t, { endpoint: env.endpoints.ssoOidc, now: now() });
        logger.info("sso token refreshed", { sso: t.label, expires_at: refreshed.expiresAt.toISOString() });
        return refreshed;
      } catch (error) {
        if (own.expiresAt.getTime() <= now()) throw error;
        logger.warn("sso token refresh failed; using the cached token until it expires", { sso: t.label });
        return own;
      }
    }
    return readSsoToken(dir, t, now());
  }

  async function session(): Promise<{ target: SsoTarget; client: SSOClient; accessToken: string }> {
    target ??= loadSsoTarget(settings, env);
    client ??= new SSOClient({
      region: target.region,
      ...(env.endpoints.sso ? { endpoint: env.endpoints.sso } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    if (!token || token.expiresAt.getTime() - now() <= REFRESH_WINDOW_MS) {
      const t = target;
      refreshing ??= loadToken(t).finally(() => {
        refreshing = undefined;
      });
      token = await refreshing;
      logger.debug("sso token loaded", {
        sso: t.label,
        file: token.file,
        expires_at: token.expiresAt.toISOString(),
      });
    }
    return { target, client, accessToken: token.accessToken };
  }

  function classify(error: unknown, what: string, t: SsoTarget): OpsError {
    const classified = classifySsoError(error, what, t);
    // The portal no longer accepts the token (401): forget it so the next call re-reads the cache.
    if (classified.code === "E_SSO_EXPIRED") token = undefined;
    return classified;
  }

  async function fetch(account: Account, roleName?: string, signal?: AbortSignal): Promise<AwsCredentials> {
    const role = roleName ?? settings.auth.sso.role_name;
    const s = await session();
    const what = `role ${role} in account ${account.id}`;
    try {
      const out = await s.client.send(
        new GetRoleCredentialsCommand({ accessToken: s.accessToken, accountId: account.id, roleName: role }),
        signal ? { abortSignal: signal } : {},
      );
      const c = out.roleCredentials;
      if (!c?.accessKeyId || !c.secretAccessKey)
        throw new OpsError("E_SSO", `IAM Identity Center returned no credentials for ${what}`);
      logger.debug("sso role credentials", {
        account_id: account.id,
        role,
        access_key: maskAccessKey(c.accessKeyId),
      });
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        // The portal sends epoch milliseconds.
        expiration: c.expiration ? new Date(c.expiration) : undefined,
        accountId: account.id,
        source: "sso",
      };
    } catch (error) {
      throw error instanceof OpsError ? error : classify(error, what, s.target);
    }
  }

  async function listAccounts(signal?: AbortSignal): Promise<Account[]> {
    const s = await session();
    const accounts: Account[] = [];
    try {
      let nextToken: string | undefined;
      do {
        const page = await s.client.send(
          new ListAccountsCommand({ accessToken: s.accessToken, maxResults: 100, nextToken }),
          signal ? { abortSignal: signal } : {},
        );
        for (const a of page.accountList ?? []) {
          if (!a.accountId) continue;
          accounts.push({
            id: a.accountId,
            name: a.accountName ?? a.accountId,
            environment: "unknown",
            role: "workload",
            regions: [],
            aliases: [],
          });
        }
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      throw classify(error, "ListAccounts", s.target);
    }
    return accounts;
  }

  return {
    name: "sso",
    fetch,
    listAccounts,
    reset() {
      token = undefined;
    },
  };
}
