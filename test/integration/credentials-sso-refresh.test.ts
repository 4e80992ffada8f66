import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, AwsEnvironment, Settings } from "../../src/config/types.ts";
import { createSsoProvider } from "../../src/credentials/sso.ts";
import { tokenFileName } from "../../src/credentials/sso-token.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import { OpsError } from "../../src/errors.ts";
import { type SsoPortal, startSsoPortal } from "../fakes/sso-portal.ts";

/**
 * SSO mode refreshes an expired Identity Center token with the cached refresh token (SSO-OIDC
 * CreateToken, grant_type=refresh_token) against a local server speaking the SSO-OIDC and portal
 * REST protocols, through the real @aws-sdk/client-sso-oidc and client-sso clients.
 */
const START = "https://corp.awsapps.com/start";
const registration = { clientId: "client-id-1", clientSecret: "client-secret-1" };
const accounts = [{ accountId: "111111111111", accountName: "one" }];
const account: Account = {
  id: "111111111111",
  name: "one",
  environment: "dev",
  role: "workload",
  regions: [],
  aliases: [],
};
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setup(options: { lifetimeSeconds?: number; credentialsMs?: number } = {}) {
  const home = mkdtempSync(join(tmpdir(), "ops-agent-sso-refresh-"));
  dirs.push(home);
  const cache = join(home, ".aws", "sso", "cache");
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    join(home, ".aws", "config"),
    `[sso-session corp]\nsso_start_url = ${START}\nsso_region = eu-west-1\n`,
  );
  let clock = Date.parse("2026-03-02T08:00:00Z");
  const portal: SsoPortal = startSsoPortal({
    token: "aoa-login-token",
    accounts,
    roleName: "CentralOpsReadOnly",
    now: () => clock,
    lifetimeMs: options.credentialsMs ?? 3_600_000,
    oidc: {
      ...registration,
      refreshToken: "aor-login-refresh",
      lifetimeSeconds: options.lifetimeSeconds ?? 3600,
    },
  });
  const file = join(cache, tokenFileName("corp"));
  // What `aws sso login` leaves behind (AWS CLI v2), the token already expired.
  writeFileSync(
    file,
    JSON.stringify({
      startUrl: START,
      region: "eu-west-1",
      accessToken: "aoa-login-token",
      expiresAt: "2026-03-02T07:00:00Z",
      ...registration,
      registrationExpiresAt: "2026-05-01T00:00:00Z",
      refreshToken: "aor-login-refresh",
    }),
    { mode: 0o600 },
  );
  const env: AwsEnvironment = { endpoints: { sso: portal.url, ssoOidc: portal.url }, home };
  const settings: Settings = {
    ...defaultSettings,
    auth: { ...defaultSettings.auth, mode: "sso", sso: { ...defaultSettings.auth.sso, session: "corp" } },
  };
  const provider = createSsoProvider({ settings, env, now: () => clock, maxAttempts: 1 });
  return {
    portal,
    file,
    provider,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

describe("SSO token refresh (SSO-OIDC CreateToken, grant_type=refresh_token)", () => {
  test("an expired token is refreshed, the cache is written back in the AWS CLI format, owner-only", async () => {
    const s = setup();
    const creds = await s.provider.fetch(account, undefined);
    expect(creds.source).toBe("sso");
    expect(s.portal.tokenRequests()).toEqual([
      { ...registration, grantType: "refresh_token", refreshToken: "aor-login-refresh" },
    ]);
    const written = JSON.parse(readFileSync(s.file, "utf8")) as Record<string, string>;
    expect(Object.keys(written).sort()).toEqual(
      [
        "accessToken",
        "clientId",
        "clientSecret",
        "expiresAt",
        "refreshToken",
        "region",
        "registrationExpiresAt",
        "startUrl",
      ].sort(),
    );
    expect(written.accessToken).not.toBe("aoa-login-token");
    expect(written.refreshToken).toBe(s.portal.refreshToken() as string);
    expect(written.expiresAt).toBe("2026-03-02T09:00:00Z");
    expect(statSync(s.file).mode & 0o777).toBe(0o600);
    s.portal.stop();
  });

  test("a refused refresh asks for aws sso login (E_SSO_EXPIRED), and the cache is left as it was", async () => {
    const s = setup();
    const before = readFileSync(s.file, "utf8");
    writeFileSync(s.file, before.replace("aor-login-refresh", "aor-revoked"));
    const error = await s.provider.fetch(account, undefined).then(
      () => undefined,
      (e: unknown) => e as OpsError,
    );
    expect(error).toBeInstanceOf(OpsError);
    expect(error?.code).toBe("E_SSO_EXPIRED");
    expect(error?.message).toContain("could not be refreshed");
    expect(error?.message).toContain("aws sso login --sso-session corp");
    expect(readFileSync(s.file, "utf8")).toBe(before.replace("aor-login-refresh", "aor-revoked"));
    s.portal.stop();
  });

  test("12 hours of serve: every credential handed out is valid, the token refreshes about hourly", async () => {
    const s = setup();
    const store = createCredentialStore({
      provider: s.provider,
      accounts: [account],
      refreshBeforeMs: 300_000,
      now: s.now,
    });
    const end = s.now() + 12 * 3_600_000;
    let gets = 0;
    while (s.now() < end) {
      const creds = await store.get(account.id);
      expect(creds.expiration?.getTime()).toBeGreaterThan(s.now() + 60_000);
      gets++;
      s.advance(7 * 60_000);
    }
    expect(gets).toBeGreaterThan(100);
    // One refresh per token lifetime (less the 5-minute window), never one per credential fetch.
    const refreshes = s.portal.tokenRequests().length;
    expect(refreshes).toBeGreaterThanOrEqual(12);
    expect(refreshes).toBeLessThanOrEqual(14);
    s.portal.stop();
  });
});
