import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSettings } from "../../src/config/schema.ts";
import type { AwsEnvironment, Settings } from "../../src/config/types.ts";
import { mergeAccounts } from "../../src/credentials/accounts.ts";
import { decideAuth } from "../../src/credentials/decide.ts";
import { roleArnFor, roleSessionName } from "../../src/credentials/iam.ts";
import { resolveSsoTarget } from "../../src/credentials/sso-config.ts";
import { readSsoToken, tokenFileName } from "../../src/credentials/sso-token.ts";

const CONFIG = `
[default]
region = eu-west-1

[profile iam-only]
aws_access_key_id = AKIAEXAMPLE

[profile dev]
sso_session = corp
sso_account_id = 111111111111
s3 =
  max_concurrent_requests = 10

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-central-1 ; trailing comment

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-west-2
`;

const home = mkdtempSync(join(tmpdir(), "ops-agent-sso-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = (extra: Partial<AwsEnvironment> = {}): AwsEnvironment => ({ endpoints: {}, home, ...extra });
const withSso = (
  sso: Partial<Settings["auth"]["sso"]>,
  mode: Settings["auth"]["mode"] = "auto",
): Settings => ({
  ...defaultSettings,
  auth: { ...defaultSettings.auth, mode, sso: { ...defaultSettings.auth.sso, ...sso } },
});

describe("resolveSsoTarget", () => {
  test("an explicit sso-session names the cache key, region and login command", () => {
    const t = resolveSsoTarget(withSso({ session: "corp" }), env(), CONFIG, "cfg");
    expect(t).toMatchObject({
      session: "corp",
      cacheKey: "corp",
      region: "us-west-2",
      startUrl: "https://corp.awsapps.com/start",
    });
    expect(t.loginCommand).toBe("aws sso login --sso-session corp");
  });

  test("a profile with sso_session, a legacy profile, AWS_PROFILE and the file's first session", () => {
    expect(resolveSsoTarget(withSso({ profile: "dev" }), env(), CONFIG, "cfg")).toMatchObject({
      cacheKey: "corp",
      loginCommand: "aws sso login --profile dev",
    });
    expect(resolveSsoTarget(withSso({ profile: "legacy" }), env(), CONFIG, "cfg")).toMatchObject({
      cacheKey: "https://legacy.awsapps.com/start",
      region: "eu-central-1",
      loginCommand: "aws sso login --profile legacy",
    });
    expect(resolveSsoTarget(withSso({}), env({ profile: "legacy" }), CONFIG, "cfg").cacheKey).toBe(
      "https://legacy.awsapps.com/start",
    );
    // AWS_PROFILE without SSO settings (base credentials for IAM) falls through to the file's session.
    expect(resolveSsoTarget(withSso({}), env({ profile: "iam-only" }), CONFIG, "cfg").cacheKey).toBe("corp");
    expect(
      resolveSsoTarget(withSso({ start_url: "https://legacy.awsapps.com/start" }), env(), CONFIG, "cfg")
        .loginCommand,
    ).toBe("aws sso login --profile legacy");
  });

  test("settings region wins; a config without SSO is a clear E_SSO error", () => {
    expect(
      resolveSsoTarget(withSso({ session: "corp", region: "ap-south-1" }), env(), CONFIG, "cfg").region,
    ).toBe("ap-south-1");
    expect(() => resolveSsoTarget(withSso({}), env(), "[default]\nregion = x\n", "/h/.aws/config")).toThrow(
      /no IAM Identity Center configuration in \/h\/.aws\/config/,
    );
    expect(() => resolveSsoTarget(withSso({ profile: "iam-only" }), env(), CONFIG, "cfg")).toThrow(
      /has no sso_session/,
    );
  });
});

describe("readSsoToken", () => {
  const target = resolveSsoTarget(withSso({ session: "corp" }), env(), CONFIG, "cfg");
  const now = Date.parse("2026-01-01T00:00:00Z");
  const dir = (name: string) => {
    const d = join(home, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const put = (d: string, file: string, body: unknown) =>
    writeFileSync(join(d, file), typeof body === "string" ? body : JSON.stringify(body));

  test("uses the file named by sha1(session name); AWS CLI v1 UTC suffix parses", () => {
    const d = dir("named");
    expect(tokenFileName("corp")).toBe("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"); // python3 hashlib.sha1(b"corp"), as botocore names it
    put(d, tokenFileName("corp"), { accessToken: "tok-named", expiresAt: "2026-01-01T01:00:00UTC" });
    const token = readSsoToken(d, target, now);
    expect(token.accessToken).toBe("tok-named");
    expect(token.expiresAt.toISOString()).toBe("2026-01-01T01:00:00.000Z");
  });

  test("scans the directory when the named file is absent, skipping malformed, expired and foreign files", () => {
    const d = dir("scan");
    put(d, "garbage.json", "{not json");
    put(d, "array.json", "[1,2]");
    put(d, "client.json", { clientId: "x", clientSecret: "y", expiresAt: "2027-01-01T00:00:00Z" });
    put(d, "bad-date.json", { accessToken: "tok-bad", startUrl: target.startUrl, expiresAt: "soon" });
    put(d, "expired.json", {
      accessToken: "tok-old",
      startUrl: target.startUrl,
      expiresAt: "2025-12-31T00:00:00Z",
    });
    put(d, "other.json", {
      accessToken: "tok-other",
      startUrl: "https://other/start",
      expiresAt: "2027-01-01T00:00:00Z",
    });
    put(d, "good.json", {
      accessToken: "tok-good",
      startUrl: target.startUrl,
      expiresAt: "2026-01-01T02:00:00Z",
    });
    expect(readSsoToken(d, target, now).accessToken).toBe("tok-good");
  });

  test("expired or missing tokens give E_SSO_EXPIRED with the exact login command", () => {
    const d = dir("expired");
    put(d, tokenFileName("corp"), { accessToken: "tok", expiresAt: "2025-12-31T23:59:59Z" });
    expect(() => readSsoToken(d, target, now)).toThrow(
      "the IAM Identity Center token for sso-session corp expired at 2025-12-31T23:59:59.000Z. Run: aws sso login --sso-session corp",
    );
    try {
      readSsoToken(join(home, "missing"), target, now);
      throw new Error("expected a throw");
    } catch (error) {
      expect(error).toMatchObject({
        code: "E_SSO_EXPIRED",
        hint: "Run `aws sso login --sso-session corp`, then try again.",
      });
      expect(String((error as Error).message)).toContain(
        "no valid IAM Identity Center token for sso-session corp",
      );
    }
  });
});

describe("decideAuth", () => {
  const cfgDir = join(home, ".aws");
  mkdirSync(join(cfgDir, "sso", "cache"), { recursive: true });
  writeFileSync(join(cfgDir, "config"), CONFIG);
  const now = () => Date.parse("2026-01-01T00:00:00Z");

  test("explicit mode wins even with a valid token", () => {
    writeFileSync(
      join(cfgDir, "sso", "cache", tokenFileName("corp")),
      JSON.stringify({ accessToken: "t", expiresAt: "2026-01-02T00:00:00Z" }),
    );
    expect(decideAuth({ settings: withSso({}, "iam"), env: env(), now })).toEqual({
      mode: "iam",
      reason: 'auth.mode is "iam" in the settings',
    });
    const auto = decideAuth({ settings: withSso({}), env: env(), now });
    expect(auto.mode).toBe("sso");
    expect(auto.reason).toContain("sso-session corp");
    expect(auto.reason).not.toContain('"t"');
  });

  test("auto falls back to iam and says why", () => {
    const later = () => Date.parse("2026-02-01T00:00:00Z");
    const decision = decideAuth({ settings: withSso({}), env: env(), now: later });
    expect(decision.mode).toBe("iam");
    expect(decision.reason).toContain("aws sso login --sso-session corp");
    const iamProfile = decideAuth({ settings: withSso({}), env: env({ profile: "iam-only" }), now });
    expect(iamProfile).toMatchObject({
      mode: "iam",
      reason: expect.stringContaining('AWS_PROFILE "iam-only" has no SSO'),
    });
    expect(decideAuth({ settings: withSso({}), env: env({ profile: "dev" }), now }).mode).toBe("sso");
    const noConfig = decideAuth({ settings: withSso({ config_file: join(home, "nope") }), env: env(), now });
    expect(noConfig).toMatchObject({ mode: "iam" });
    expect(noConfig.reason).toContain("no IAM Identity Center configuration");
  });
});

describe("names", () => {
  test("role session name keeps the account id, valid characters, ≤ 64", () => {
    expect(roleSessionName("ops-agent", "111111111111")).toBe("ops-agent-111111111111");
    expect(roleSessionName("ops agent/é", "111111111111")).toBe("ops_agent__-111111111111");
    const long = roleSessionName("x".repeat(100), "111111111111");
    expect(long.length).toBe(64);
    expect(long.endsWith("-111111111111")).toBe(true);
    expect(long).toMatch(/^[\w+=,.@-]+$/);
  });

  test("role ARN: explicit role, then the account's, then settings; partition honoured", () => {
    const s: Settings = { ...defaultSettings, auth: { ...defaultSettings.auth, partition: "aws-us-gov" } };
    const a = {
      id: "111111111111",
      name: "a",
      environment: "e",
      role: "workload" as const,
      regions: [],
      aliases: [],
    };
    expect(roleArnFor(s, a)).toBe("arn:aws-us-gov:iam::111111111111:role/CentralOpsTargetRole");
    expect(roleArnFor(s, { ...a, role_name: "Mine" })).toBe("arn:aws-us-gov:iam::111111111111:role/Mine");
    expect(roleArnFor(s, { ...a, role_name: "Mine" }, "Asked")).toBe(
      "arn:aws-us-gov:iam::111111111111:role/Asked",
    );
  });

  test("merged accounts: registry metadata wins, colliding discovered names fall back to the id", () => {
    const reg = [
      {
        id: "111111111111",
        name: "prod",
        environment: "production",
        role: "workload" as const,
        regions: [],
        aliases: ["p"],
      },
    ];
    const found = [
      { ...reg[0]!, name: "Production Account", environment: "unknown" },
      {
        id: "222222222222",
        name: "P",
        environment: "unknown",
        role: "workload" as const,
        regions: [],
        aliases: [],
      },
      {
        id: "333333333333",
        name: "dev",
        environment: "unknown",
        role: "workload" as const,
        regions: [],
        aliases: [],
      },
    ];
    expect(mergeAccounts(reg, found).map((a) => `${a.id}:${a.name}:${a.environment}`)).toEqual([
      "111111111111:prod:production",
      "222222222222:222222222222:unknown",
      "333333333333:dev:unknown",
    ]);
  });
});
