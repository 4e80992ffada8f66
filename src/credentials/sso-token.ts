import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OpsError } from "../errors.ts";
import type { SsoTarget } from "./sso-config.ts";

/** A cached IAM Identity Center access token. The token itself is never logged. */
export interface SsoToken {
  accessToken: string;
  expiresAt: Date;
  /** The cache file it came from. */
  file: string;
}

/** The AWS CLI names the cache file by the SHA-1 of the sso-session name (or of the start URL, legacy). */
export function tokenFileName(cacheKey: string): string {
  return `${createHash("sha1").update(cacheKey).digest("hex")}.json`;
}

/** A token cache file as the AWS CLI writes it (`aws sso login`): the token and, when present, what refreshes it. */
export interface SsoTokenFile extends SsoToken {
  startUrl?: string;
  /** Every key of the file as read, so a refresh writes the file back in the same shape. */
  raw: Record<string, unknown>;
  /** `refreshToken`, `clientId` and `clientSecret` are present and the client registration has not expired. */
  refreshable(now: number): boolean;
}

const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** Parses one cache file; undefined when malformed or not a token file. */
export function parseTokenFile(file: string): SsoTokenFile | undefined {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    if (typeof data.accessToken !== "string" || typeof data.expiresAt !== "string") return undefined;
    // AWS CLI v1 wrote `2019-11-14T04:19:28UTC`.
    const expiresAt = new Date(data.expiresAt.replace(/UTC$/, "Z"));
    if (Number.isNaN(expiresAt.getTime())) return undefined;
    const registration = str(data.registrationExpiresAt);
    return {
      accessToken: data.accessToken,
      expiresAt,
      file,
      startUrl: str(data.startUrl),
      raw: data,
      refreshable: (now) =>
        Boolean(str(data.refreshToken) && str(data.clientId) && str(data.clientSecret)) &&
        (!registration || new Date(registration).getTime() > now),
    };
  } catch {
    return undefined;
  }
}

export function expiredError(target: SsoTarget, detail: string): OpsError {
  return new OpsError("E_SSO_EXPIRED", `${detail}. Run: ${target.loginCommand}`, {
    hint: `Run \`${target.loginCommand}\`, then try again.`,
    details: { sso: target.label },
  });
}

/**
 * Finds a valid token for `target`: the file the AWS CLI names, else (like the seed) any file in the
 * directory with the same start URL that is not expired; malformed files are skipped.
 */
export function readSsoToken(cacheDir: string, target: SsoTarget, now: number): SsoTokenFile {
  const named = join(cacheDir, tokenFileName(target.cacheKey));
  const own = existsSync(named) ? parseTokenFile(named) : undefined;
  if (own && own.expiresAt.getTime() > now) return own;

  let best: SsoTokenFile | undefined;
  if (target.startUrl && existsSync(cacheDir)) {
    for (const name of readdirSync(cacheDir)) {
      if (!name.endsWith(".json")) continue;
      const file = join(cacheDir, name);
      if (file === named) continue;
      const parsed = parseTokenFile(file);
      if (!parsed || parsed.startUrl !== target.startUrl || parsed.expiresAt.getTime() <= now) continue;
      if (!best || parsed.expiresAt > best.expiresAt) best = parsed;
    }
  }
  if (best) return best;
  if (own)
    throw expiredError(
      target,
      `the IAM Identity Center token for ${target.label} expired at ${own.expiresAt.toISOString()}`,
    );
  throw expiredError(target, `no valid IAM Identity Center token for ${target.label} in ${cacheDir}`);
}

/** The AWS CLI's own cache file for `target`, expired or not (what a refresh starts from). */
export function readOwnTokenFile(cacheDir: string, target: SsoTarget): SsoTokenFile | undefined {
  const named = join(cacheDir, tokenFileName(target.cacheKey));
  return existsSync(named) ? parseTokenFile(named) : undefined;
}
