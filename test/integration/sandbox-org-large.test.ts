import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { createCliContext } from "../../src/cli/context.ts";
import { createRuntime } from "../../src/cli/runtime.ts";
import { silentLogger } from "../../src/log.ts";
import { discoverOrganization } from "../../src/org/discover.ts";
import { ECS } from "../../src/sandbox/data/ecs.ts";
import { EKS } from "../../src/sandbox/data/eks.ts";
import { FUNCTIONS } from "../../src/sandbox/data/lambda.ts";
import { RDS } from "../../src/sandbox/data/rds.ts";
import { BUCKETS } from "../../src/sandbox/data/s3.ts";
import { installGeneratedData } from "../../src/sandbox/generate/install.ts";
import { generateOrganization } from "../../src/sandbox/generate/org.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

/**
 * The large sandbox organization through the production discovery code and the real
 * `@aws-sdk/client-organizations` (JSON 1.1, SigV4) against the in-process Organizations endpoint;
 * then the real STS client assumes roles in the accounts it found.
 */
let sandbox: Sandbox;
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const orgClient = (box: Sandbox, credentials = box.baseCredentials) =>
  new OrganizationsClient({
    region: "us-east-1",
    endpoint: box.organization?.endpoint,
    credentials,
    maxAttempts: 6,
  });

beforeAll(async () => {
  sandbox = await startSandbox({ logger: silentLogger, organizationAccounts: 300 });
});
afterAll(() => sandbox.close());

describe("large sandbox: Organizations discovery", () => {
  test("300 accounts with OU paths and tags; every page followed, the empty one included; suspended left out", async () => {
    const client = orgClient(sandbox);
    const snapshot = await discoverOrganization({ client, logger: silentLogger, ratePerSecond: 1000 });
    const generated = generateOrganization(300);
    const ouPath = new Map(generated.ous.map((o) => [o.id, o.path]));
    const active = generated.accounts.filter((a) => a.state === "ACTIVE");
    expect(generated.accounts.length).toBeGreaterThan(active.length);
    expect(snapshot.management_account_id).toBe(generated.managementAccountId);
    expect(snapshot.accounts.map((a) => [a.id, a.name, a.ou, a.tags]).sort()).toEqual(
      active.map((a) => [a.account.id, a.displayName, ouPath.get(a.parentId) ?? "", a.tags]).sort(),
    );
    expect(new Set(snapshot.accounts.map((a) => a.ou))).toEqual(
      new Set([
        "",
        "Workloads/Prod",
        "Workloads/Staging",
        "Workloads/Dev",
        "Security",
        "Infrastructure",
        "Sandbox",
      ]),
    );
    const stats = sandbox.organization?.stats();
    // ListAccounts: ceil(all / 20) pages plus the empty page that carried a NextToken.
    expect(stats?.byOperation.ListAccounts).toBe(Math.ceil(generated.accounts.length / 20) + 1);
    expect(stats?.byOperation.ListTagsForResource).toBe(active.length);
    expect(snapshot.calls).toBe(stats?.calls ?? -1);
    client.destroy();
  });

  test("the organization is the same in every run and every size (account k is account k)", () => {
    const small = generateOrganization(40);
    const large = generateOrganization(300);
    const active = (o: typeof small) => o.accounts.filter((a) => a.state === "ACTIVE");
    expect(active(large).slice(0, 40)).toEqual(active(small));
    expect(generateOrganization(300)).toEqual(large);
    const regionCounts = active(large).map((a) => a.regions.length);
    expect(regionCounts.filter((n) => n === 17).length).toBeGreaterThan(250);
    expect(regionCounts.some((n) => n > 17)).toBe(true);
  });

  test("keys other than the operator's are refused as AWS refuses them", async () => {
    const client = orgClient(sandbox, {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "x".repeat(40),
    });
    const error = await rejection(discoverOrganization({ client, logger: silentLogger }));
    expect(String(error)).toContain("organizations:DescribeOrganization: UnrecognizedClientException");
    client.destroy();
  });

  test("over the endpoint's rate: TooManyRequestsException, retried by the SDK, and discovery completes", async () => {
    const paced = await startSandbox({
      logger: silentLogger,
      organizationAccounts: 30,
      orgPacing: { latencyMs: 0, ratePerSecond: 40, burst: 2 },
    });
    try {
      const client = orgClient(paced);
      const snapshot = await discoverOrganization({ client, logger: silentLogger, ratePerSecond: 1000 });
      expect(snapshot.accounts).toHaveLength(30);
      const stats = paced.organization?.stats();
      expect(stats?.throttled).toBeGreaterThan(0);
      // Every throttled call was sent again: the discovery counts logical calls, the endpoint attempts.
      expect(stats?.calls).toBe(snapshot.calls + (stats?.throttled ?? 0));
      client.destroy();
    } finally {
      await paced.close();
    }
  });
});

describe("large sandbox: STS into the discovered accounts", () => {
  test("AssumeRole works in every discovered account and is refused in a suspended one", async () => {
    const client = orgClient(sandbox);
    const snapshot = await discoverOrganization({ client, logger: silentLogger, ratePerSecond: 1000 });
    client.destroy();
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: sandbox.stsEndpoint,
      credentials: sandbox.baseCredentials,
    });
    const assume = (id: string) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${id}:role/OpsAgentReadOnly`,
          RoleSessionName: "test",
        }),
      );
    const principals = await Promise.all(
      snapshot.accounts.map(async (a) => (await assume(a.id)).AssumedRoleUser?.Arn),
    );
    expect(principals).toEqual(
      snapshot.accounts.map((a) => `arn:aws:sts::${a.id}:assumed-role/OpsAgentReadOnly/test`),
    );
    const suspended = generateOrganization(300).accounts.find((a) => a.state === "SUSPENDED");
    const error = await rejection(assume(suspended?.account.id ?? ""));
    expect((error as { name?: string }).name).toBe("AccessDenied");
    sts.destroy();
  });
});

describe("large sandbox: every simulated service has generated resources, through the composition root", () => {
  test("S3, RDS, Lambda, ECS and EKS answer over the discovered accounts with what the generator made", async () => {
    const saved = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = mkdtempSync(join(tmpdir(), "ops-agent-large-services-"));
    const runtime = await createRuntime(
      await createCliContext({ "sandbox-accounts": "40", "log-level": "error" }),
    );
    const org = generateOrganization(40);
    const uninstall = installGeneratedData(org);
    try {
      const names = org.accounts
        .filter((a) => a.state === "ACTIVE" && a.account.role === "workload")
        .map((a) => a.account.name);
      const inRegions = <T>(table: Record<string, Record<string, T[]>>) =>
        names.reduce(
          (n, name) => n + Object.values(table[name] ?? {}).reduce((m, rows) => m + rows.length, 0),
          0,
        );
      const expected: Record<string, number> = {
        s3_list_buckets: names.reduce((n, name) => n + (BUCKETS[name]?.length ?? 0), 0),
        rds_describe_db_instances: names.reduce(
          (n, name) => n + Object.values(RDS[name] ?? {}).reduce((m, r) => m + r.instances.length, 0),
          0,
        ),
        lambda_list_functions: inRegions(FUNCTIONS),
        ecs_describe_clusters: inRegions(ECS),
        eks_describe_clusters: inRegions(EKS),
      };
      for (const [tool, count] of Object.entries(expected)) {
        const call = await runtime.executor.invoke(tool, { accounts: ["all"], regions: ["all"] });
        const items = call.results.flatMap((u) =>
          u.ok ? ((u.data as { items?: unknown[] }).items ?? []) : [],
        );
        expect({ tool, status: call.status, items: items.length }).toEqual({
          tool,
          status: "ok",
          items: count,
        });
        expect(count).toBeGreaterThan(0);
      }
    } finally {
      uninstall();
      await runtime.close();
      if (saved === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = saved;
    }
  });
});
