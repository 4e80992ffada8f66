import { chmodSync, renameSync, writeFileSync } from "node:fs";
import { CreateTokenCommand, SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { OpsError } from "../errors.ts";
import type { SsoTarget } from "./sso-config.ts";
import { expiredError, type SsoTokenFile } from "./sso-token.ts";

export interface SsoRefreshOptions {
  /** SSO-OIDC endpoint override (`AWS_ENDPOINT_URL_SSO_OIDC`, then `AWS_ENDPOINT_URL`). */
  endpoint?: string;
  now: number;
  signal?: AbortSignal;
}

/** The AWS CLI's timestamp shape: `2026-01-01T12:00:00Z` (no milliseconds). */
const cliTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Refreshes an Identity Center access token with its cached refresh token, the way the AWS CLI does:
 * SSO-OIDC `CreateToken` with `grant_type=refresh_token` and the cached client registration, then the
 * cache file is written back in the CLI's format (same keys, new `accessToken`, `expiresAt` and the
 * rotated `refreshToken`), owner-only. Any failure means a new `aws sso login`.
 */
export async function refreshSsoToken(
  cached: SsoTokenFile,
  target: SsoTarget,
  options: SsoRefreshOptions,
): Promise<SsoTokenFile> {
  const raw = cached.raw;
  const region = typeof raw.region === "string" ? raw.region : target.region;
  const client = new SSOOIDCClient({
    region,
    maxAttempts: 2,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    const out = await client.send(
      new CreateTokenCommand({
        clientId: raw.clientId as string,
        clientSecret: raw.clientSecret as string,
        grantType: "refresh_token",
        refreshToken: raw.refreshToken as string,
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    if (!out.accessToken || !out.expiresIn) {
      throw new OpsError("E_SSO", "SSO-OIDC CreateToken returned no access token");
    }
    const expiresAt = new Date(options.now + out.expiresIn * 1000);
    const next = {
      ...raw,
      accessToken: out.accessToken,
      expiresAt: cliTime(expiresAt),
      refreshToken: out.refreshToken ?? raw.refreshToken,
    };
    const tmp = `${cached.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, cached.file);
    return { ...cached, accessToken: out.accessToken, expiresAt, raw: next };
  } catch (error) {
    const name = (error as { name?: string }).name ?? "Error";
    const why = error instanceof OpsError ? error.message : `SSO-OIDC CreateToken failed (${name})`;
    const expired = expiredError(
      target,
      `the IAM Identity Center token for ${target.label} could not be refreshed: ${why}`,
    );
    throw new OpsError(expired.code, expired.message, {
      cause: error,
      hint: expired.hint,
      details: expired.details,
    });
  } finally {
    client.destroy();
  }
}
