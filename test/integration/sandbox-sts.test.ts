import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { silentLogger } from "../../src/log.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

// The sandbox STS driven by the real @aws-sdk/client-sts (Query protocol, SigV4, XML parsing).
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ logger: silentLogger });
});
afterAll(() => sandbox.close());

const client = (credentials = sandbox.baseCredentials) =>
  new STSClient({ region: "eu-west-1", endpoint: sandbox.stsEndpoint, credentials, maxAttempts: 1 });

const assume = (accountId: string, role = "OpsAgentReadOnly", extra: Record<string, unknown> = {}) =>
  client().send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${role}`,
      RoleSessionName: `ops-agent-${accountId}`,
      ...extra,
    }),
  );

describe("sandbox STS", () => {
  test("AssumeRole hands out distinct temporary credentials per account, valid for about an hour", async () => {
    const before = Date.now();
    const answers = await Promise.all(sandbox.accounts.map((a) => assume(a.id)));
    const keys = answers.map((a) => a.Credentials?.AccessKeyId);
    expect(new Set(keys).size).toBe(sandbox.accounts.length);
    for (const [i, answer] of answers.entries()) {
      const account = sandbox.accounts[i]!;
      expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(answer.Credentials?.SecretAccessKey?.length).toBe(40);
      expect(answer.Credentials?.SessionToken?.length).toBeGreaterThan(60);
      const ttl = (answer.Credentials?.Expiration?.getTime() ?? 0) - before;
      expect(ttl).toBeGreaterThan(3590_000);
      expect(ttl).toBeLessThan(3610_000);
      expect(answer.AssumedRoleUser?.Arn).toBe(
        `arn:aws:sts::${account.id}:assumed-role/OpsAgentReadOnly/ops-agent-${account.id}`,
      );
    }
  });

  test("the same account gets the same key back on refresh (derived, not random per call)", async () => {
    const [a, b] = await Promise.all([assume("512345678901"), assume("512345678901")]);
    expect(a.Credentials?.AccessKeyId).toBe(b.Credentials?.AccessKeyId as string);
  });

  test("DurationSeconds is honoured and validated", async () => {
    const short = await assume("623456789012", "OpsAgentReadOnly", { DurationSeconds: 900 });
    const ttl = (short.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(ttl).toBeLessThan(901_000);
    await expect(assume("623456789012", "OpsAgentReadOnly", { DurationSeconds: 60 })).rejects.toMatchObject({
      name: "ValidationError",
    });
  });

  test("a role in an account outside the organization is refused with AccessDenied", async () => {
    const error = await assume("999999999999").catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect(String((error as Error).message)).toContain("arn:aws:iam::999999999999:role/OpsAgentReadOnly");
  });

  test("requests signed with unknown or wrong keys are refused", async () => {
    const stranger = client({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x".repeat(40) });
    await expect(
      stranger.send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::512345678901:role/R", RoleSessionName: "s1" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" });
    const forged = client({
      accessKeyId: sandbox.baseCredentials.accessKeyId,
      secretAccessKey: "y".repeat(40),
    });
    await expect(
      forged.send(
        new AssumeRoleCommand({ RoleArn: "arn:aws:iam::512345678901:role/R", RoleSessionName: "s1" }),
      ),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
  });
});
