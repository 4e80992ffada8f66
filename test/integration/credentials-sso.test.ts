import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, AwsEnvironment, Settings } from "../../src/config/types.ts";
import { createSsoProvider } from "../../src/credentials/sso.ts";
import { tokenFileName } from "../../src/credentials/sso-token.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import { createLogger } from "../../src/log.ts";
import { startSsoPortal } from "../fakes/sso-portal.ts";

const TOKEN = "aoaAAAAAGh-test-bearer-token-value-1234567890";
const home = mkdtempSync(join(tmpdir(), "ops-agent-sso-it-"));
const cache = join(home, ".aws", "sso", "cache");
mkdirSync(cache, { recursive: true });
writeFileSync(
  join(home, ".aws", "config"),
  `[profile dev]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n`,
);
const portalAccounts = Array.from({ length: 5 }, (_, i) => ({
  accountId: String(i + 1).repeat(12),
  accountName: `Account ${i + 1}`,
  emailAddress: `a${i + 1}@example.com`,
}));
const portal = startSsoPortal({ token: TOKEN, accounts: portalAccounts, roleName: "CentralOpsReadOnly" });
afterAll(() => {
  portal.stop();
  rmSync(home, { recursive: true, force: true });
});

const env: AwsEnvironment = { endpoints: { sso: portal.url }, home };
const settings: Settings = {
  ...defaultSettings,
  auth: { ...defaultSettings.auth, mode: "sso", sso: { ...defaultSettings.auth.sso, session: "corp" } },
};
const account = (id: string): Account => ({
  id,
  name: `n${id}`,
  environment: "dev",
  role: "workload",
  regions: [],
  aliases: [],
});
const writeToken = (accessToken: string, expiresAt: Date) =>
  writeFileSync(
    join(cache, tokenFileName("corp")),
    JSON.stringify({
      startUrl: "https://corp.awsapps.com/start",
      region: "eu-west-1",
      accessToken,
      expiresAt: expiresAt.toISOString(),
    }),
  );

describe("SSO provider against a local Identity Center portal", () => {
  beforeEach(() => writeToken(TOKEN, new Date(Date.now() + 3_600_000)));

  test("GetRoleCredentials: single flight, epoch-ms expiration, source sso", async () => {
    const provider = createSsoProvider({ settings, env, maxAttempts: 1 });
    const store = createCredentialStore({
      provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 300_000,
      discover: false,
    });
    const before = portal.calls("/federation/credentials");
    const all = await Promise.all(Array.from({ length: 100 }, () => store.get("111111111111")));
    expect(portal.calls("/federation/credentials") - before).toBe(1);
    const issued = portal.issued().at(-1)!;
    expect(all[0]).toMatchObject({
      accountId: "111111111111",
      source: "sso",
      accessKeyId: issued.accessKeyId,
    });
    expect(all[0]!.expiration!.getTime()).toBe(issued.expiration);
  });

  test("ListAccounts follows pagination; unknown accounts are discovered, unlisted ones refused", async () => {
    const provider = createSsoProvider({ settings, env, maxAttempts: 1 });
    const before = portal.calls("/assignment/accounts");
    const listed = await provider.listAccounts();
    expect(listed.map((a) => `${a.id}:${a.name}`)).toEqual(
      portalAccounts.map((a) => `${a.accountId}:${a.accountName}`),
    );
    expect(portal.calls("/assignment/accounts") - before).toBe(1);

    const small = startSsoPortal({
      token: TOKEN,
      accounts: portalAccounts,
      roleName: "CentralOpsReadOnly",
      pageSize: 2,
    });
    try {
      // The client asks for 100 per page; this portal returns 2, so 5 accounts take 3 pages.
      const paged = createSsoProvider({
        settings,
        env: { ...env, endpoints: { sso: small.url } },
        maxAttempts: 1,
      });
      const store = createCredentialStore({ provider: paged, accounts: [], refreshBeforeMs: 0 });
      expect((await store.get("444444444444")).accountId).toBe("444444444444");
      await expect(store.get("999999999999")).rejects.toMatchObject({ code: "E_UNKNOWN_ACCOUNT" });
      expect(small.calls("/assignment/accounts")).toBe(3);
    } finally {
      small.stop();
    }
  });

  test("expired token: E_SSO_EXPIRED with the exact command, no portal call", async () => {
    writeToken(TOKEN, new Date(Date.now() - 1000));
    const before = portal.calls();
    const error = await createSsoProvider({ settings, env })
      .fetch(account("111111111111"), undefined)
      .catch((e) => e);
    expect(error.code).toBe("E_SSO_EXPIRED");
    expect(error.message).toContain("Run: aws sso login --sso-session corp");
    const viaProfile = {
      ...settings,
      auth: { ...settings.auth, sso: { ...settings.auth.sso, session: undefined, profile: "dev" } },
    };
    const error2 = await createSsoProvider({ settings: viaProfile, env })
      .fetch(account("111111111111"), undefined)
      .catch((e) => e);
    expect(error2.message).toContain("Run: aws sso login --profile dev");
    expect(portal.calls()).toBe(before);
  });

  test("a 401 drops the in-memory token and says how to log in; a new login is picked up", async () => {
    const provider = createSsoProvider({ settings, env, maxAttempts: 1 });
    await provider.fetch(account("111111111111"), undefined);
    portal.setToken("revoked-elsewhere");
    try {
      const error = await provider.fetch(account("222222222222"), undefined).catch((e) => e);
      expect(error.code).toBe("E_SSO_EXPIRED");
      expect(error.message).toContain("(401)");
      expect(error.message).toContain("aws sso login --sso-session corp");
      // The user logs in again: a new token in the cache file is read without restarting.
      writeToken("fresh-token-after-login", new Date(Date.now() + 3_600_000));
      portal.setToken("fresh-token-after-login");
      expect((await provider.fetch(account("222222222222"), undefined)).accountId).toBe("222222222222");
    } finally {
      portal.setToken(TOKEN);
    }
  });

  test("a role the user lacks is E_SSO with a permission-set hint", async () => {
    const error = await createSsoProvider({ settings, env, maxAttempts: 1 })
      .fetch(account("111111111111"), "AdminRole")
      .catch((e) => e);
    expect(error).toMatchObject({ code: "E_SSO", hint: expect.stringContaining("permission set") });
  });

  test("debug logs never contain the bearer token, secret key or session token; env untouched", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", write: (l) => lines.push(l) });
    const before = structuredClone({ ...process.env });
    const provider = createSsoProvider({ settings, env, logger });
    const store = createCredentialStore({
      provider,
      accounts: portalAccounts.map((a) => account(a.accountId)),
      refreshBeforeMs: 0,
      logger,
    });
    const all = await Promise.all(portalAccounts.map((a) => store.get(a.accountId)));
    expect({ ...process.env }).toEqual(before);
    const text = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(text).not.toContain(TOKEN);
    for (const c of all) {
      expect(text).toContain(`****${c.accessKeyId.slice(-4)}`);
      expect(text).not.toContain(c.accessKeyId);
      expect(text).not.toContain(c.secretAccessKey);
      expect(text).not.toContain(c.sessionToken!);
    }
  });
});
