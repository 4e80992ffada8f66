import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, AwsEnvironment, Settings } from "../../src/config/types.ts";
import { checkAccounts } from "../../src/credentials/check.ts";
import { createIamProvider } from "../../src/credentials/iam.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import { createLogger } from "../../src/log.ts";
import { createMotoUser, type Moto, startMoto, stsError } from "../fakes/moto.ts";
import { requirePython } from "../helpers/require.ts";

const hasMoto = requirePython(["moto"]);

const DENIED = "222222222222";
const THROTTLED = "333333333333";
const DISABLED = "444444444444";
const ids = Array.from({ length: 10 }, (_, i) =>
  String(i + 1)
    .repeat(12)
    .slice(0, 12),
);
const account = (id: string, extra: Partial<Account> = {}): Account => ({
  id,
  name: `acct-${id}`,
  environment: "test",
  role: "workload",
  regions: [],
  aliases: [],
  ...extra,
});
const settings: Settings = {
  ...defaultSettings,
  region: "eu-west-1",
  auth: { ...defaultSettings.auth, mode: "iam", external_id: "org-wide-id", duration_seconds: 1800 },
};

describe.skipIf(!hasMoto)("IAM provider against moto STS", () => {
  let moto: Moto;
  let base: { accessKeyId: string; secretAccessKey: string };
  let env: AwsEnvironment;
  const provider = (extra: { logger?: ReturnType<typeof createLogger> } = {}) =>
    createIamProvider({ settings, env, baseCredentials: base, maxAttempts: 1, ...extra });

  beforeAll(async () => {
    // moto checks signatures and IAM policies after the 3 setup calls: AssumeRole into DENIED is refused by policy.
    moto = await startMoto({
      authAfter: 3,
      intercept: (form) => {
        const arn = form.get("RoleArn") ?? "";
        if (arn.includes(THROTTLED)) return stsError("Throttling", "Rate exceeded");
        if (arn.includes(DISABLED)) {
          return stsError(
            "RegionDisabledException",
            "STS is not activated in this region for account 444444444444",
            403,
          );
        }
        return undefined;
      },
    });
    base = await createMotoUser(moto, "central", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
        { Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${DENIED}:role/*` },
      ],
    });
    env = { endpoints: { sts: moto.url }, home: tmpdir() };
  });
  afterAll(async () => moto?.stop());

  test("100 concurrent cold gets make exactly one AssumeRole call, and the credentials work", async () => {
    const store = createCredentialStore({
      provider: provider(),
      accounts: [account(ids[0]!)],
      refreshBeforeMs: 300_000,
    });
    const before = moto.stsCalls();
    const all = await Promise.all(Array.from({ length: 100 }, () => store.get(ids[0]!)));
    expect(moto.stsCalls() - before).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    const creds = all[0]!;
    expect(creds).toMatchObject({ accountId: ids[0], source: "assume-role" });
    expect(creds.accessKeyId).toStartWith("ASIA");
    // moto attributes assumed-role credentials to the account in the role ARN.
    const who = await new STSClient({ region: "eu-west-1", endpoint: moto.motoUrl, credentials: creds }).send(
      new GetCallerIdentityCommand({}),
    );
    expect(who.Account).toBe(ids[0]);
    expect(who.Arn).toBe(`arn:aws:sts::${ids[0]}:assumed-role/CentralOpsTargetRole/ops-agent-${ids[0]}`);
  });

  test("sends role ARN, session name, duration and the account's ExternalId over the settings'", async () => {
    const store = createCredentialStore({
      provider: provider(),
      accounts: [account(ids[4]!, { external_id: "acct-own-id", role_name: "Custom" }), account(ids[5]!)],
      refreshBeforeMs: 0,
    });
    await store.get(ids[4]!);
    await store.get(ids[5]!);
    const forms = moto.requests().filter((f) => f.get("Action") === "AssumeRole");
    const own = forms.find((f) => f.get("RoleArn")?.includes(ids[4]!));
    const org = forms.find((f) => f.get("RoleArn")?.includes(ids[5]!));
    expect(own?.get("RoleArn")).toBe(`arn:aws:iam::${ids[4]}:role/Custom`);
    expect(own?.get("ExternalId")).toBe("acct-own-id");
    expect(own?.get("RoleSessionName")).toBe(`ops-agent-${ids[4]}`);
    expect(own?.get("DurationSeconds")).toBe("1800");
    expect(org?.get("ExternalId")).toBe("org-wide-id");
  });

  test("refreshes at the buffer edge (controllable clock, no sleeps)", async () => {
    let t = Date.now();
    const store = createCredentialStore({
      provider: provider(),
      accounts: [account(ids[6]!)],
      refreshBeforeMs: 300_000,
      now: () => t,
    });
    const first = await store.get(ids[6]!);
    const calls = moto.stsCalls();
    const edge = first.expiration!.getTime() - 300_000;
    t = edge - 1;
    expect(await store.get(ids[6]!)).toBe(first);
    expect(moto.stsCalls()).toBe(calls);
    t = edge;
    const second = await store.get(ids[6]!);
    expect(moto.stsCalls()).toBe(calls + 1);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });

  test("one failing account among ten: the other nine succeed, errors are classified", async () => {
    const store = createCredentialStore({
      provider: provider(),
      accounts: ids.map((id) => account(id)),
      refreshBeforeMs: 0,
    });
    const rows = await checkAccounts({ store, accounts: ids.map((id) => account(id)), concurrency: 4 });
    expect(rows.map((r) => r.account_id)).toEqual(ids);
    const failed = rows.filter((r) => !r.ok);
    expect(failed.map((r) => r.account_id).sort()).toEqual([DENIED, THROTTLED, DISABLED]);
    expect(
      rows.filter((r) => r.ok).every((r) => r.source === "assume-role" && r.expires_at && r.latency_ms >= 0),
    ).toBe(true);
    const denied = failed.find((r) => r.account_id === DENIED)!;
    expect(denied.error?.code).toBe("E_ASSUME_ROLE");
    expect(denied.error?.message).toContain(
      `access denied assuming arn:aws:iam::${DENIED}:role/CentralOpsTargetRole`,
    );
    expect(failed.find((r) => r.account_id === THROTTLED)?.error?.code).toBe("E_AWS_THROTTLED");
    expect(failed.find((r) => r.account_id === DISABLED)?.error?.code).toBe("E_AWS_REGION_DISABLED");
    // The hint (not in the row) names the StackSet.
    await expect(store.get(DENIED)).rejects.toMatchObject({
      hint: expect.stringContaining("infrastructure/member-account-role.yaml"),
    });
    await expect(store.get(THROTTLED)).rejects.toMatchObject({ retryable: true });
  });

  test("no base credentials: E_NO_CREDENTIALS says what was tried", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-nocreds-"));
    const saved = { ...process.env };
    // The SDK's shared-file provider reads these; point them at empty files so the developer's ~/.aws is not used.
    writeFileSync(join(dir, "config"), "");
    writeFileSync(join(dir, "credentials"), "");
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    try {
      const p = createIamProvider({ settings, env: { ...env, profile: "central" }, maxAttempts: 1 });
      const error = await p.fetch(account(ids[0]!), undefined).catch((e) => e);
      expect(error.code).toBe("E_NO_CREDENTIALS");
      for (const source of ["environment", 'profile "central"', "container endpoint", "instance metadata"]) {
        expect(error.message).toContain(source);
      }
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("base credentials from a named profile through the SDK default chain (env.profile)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-profile-"));
    const saved = { ...process.env };
    writeFileSync(join(dir, "config"), "");
    writeFileSync(
      join(dir, "credentials"),
      `[central]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
    );
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    try {
      const p = createIamProvider({ settings, env: { ...env, profile: "central" }, maxAttempts: 1 });
      expect((await p.fetch(account(ids[7]!), undefined)).accountId).toBe(ids[7]!);
    } finally {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("process.env is unchanged after fetching several accounts", async () => {
    const before = structuredClone({ ...process.env });
    const store = createCredentialStore({
      provider: provider(),
      accounts: ids.map((id) => account(id)),
      refreshBeforeMs: 0,
    });
    await Promise.allSettled(ids.map((id) => store.get(id)));
    expect(store.size()).toBeGreaterThanOrEqual(7);
    expect({ ...process.env }).toEqual(before);
  });

  test("a full fetch at debug level logs no secret key or session token; access keys only masked", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", write: (l) => lines.push(l) });
    const store = createCredentialStore({
      provider: provider({ logger }),
      accounts: [account(ids[8]!), account(DENIED)],
      refreshBeforeMs: 0,
      logger,
    });
    const creds = await store.get(ids[8]!);
    await store.get(DENIED).catch((e) => logger.error("failed", { error: e }));
    const text = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain(`****${creds.accessKeyId.slice(-4)}`);
    expect(text).not.toContain(creds.accessKeyId);
    expect(text).not.toContain(creds.secretAccessKey);
    expect(text).not.toContain(creds.sessionToken!);
    expect(text).not.toContain(base.secretAccessKey);
    expect(text).not.toContain(base.accessKeyId);
  });
});
