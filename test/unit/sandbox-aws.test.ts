import { describe, expect, test } from "bun:test";
import { createSimulatedAws } from "../../src/sandbox/aws.ts";
import { sandboxAccounts } from "../../src/sandbox/org.ts";

// The simulated AWS behind the sandbox endpoint: response shapes, AWS errors, filters, pagination.
const aws = createSimulatedAws();
const accounts = sandboxAccounts();
const byName = (name: string) => accounts.find((a) => a.name === name)!;
const call = (
  account: string,
  service: string,
  operation: string,
  params: Record<string, unknown> = {},
  region = "us-east-1",
) => aws.call(byName(account), service, operation, region, params);
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: { code?: string; name: string }) => e.code ?? e.name,
  );

describe("sandbox organization", () => {
  test("a central account and four workload accounts with names, environments, aliases and regions", () => {
    expect(accounts.map((a) => `${a.role}:${a.name}`)).toEqual([
      "central:central",
      "workload:production",
      "workload:staging",
      "workload:development",
      "workload:data",
    ]);
    for (const a of accounts) {
      expect(a.id).toMatch(/^\d{12}$/);
      expect(a.aliases.length).toBeGreaterThan(0);
      expect(a.regions.length).toBeGreaterThan(0);
    }
    expect(byName("production").aliases).toContain("prod");
  });

  test("every workload account has resources of all six services", async () => {
    const probes: Array<[string, string, (r: Record<string, unknown>) => unknown[]]> = [
      ["ec2", "DescribeInstances", (r) => r.Reservations as unknown[]],
      ["s3", "ListBuckets", (r) => r.Buckets as unknown[]],
      ["rds", "DescribeDBInstances", (r) => r.DBInstances as unknown[]],
      ["lambda", "ListFunctions", (r) => r.Functions as unknown[]],
      ["ecs", "ListClusters", (r) => r.clusterArns as unknown[]],
      ["eks", "ListClusters", (r) => r.clusters as unknown[]],
    ];
    for (const account of accounts.filter((a) => a.role === "workload")) {
      for (const [service, operation, list] of probes) {
        const counts = await Promise.all(
          account.regions.map(async (region) =>
            aws.call(account, service, operation, region, {}).then(
              (r) => list(r).length,
              () => 0,
            ),
          ),
        );
        expect(`${account.name} ${service}: ${counts.some((n) => n > 0)}`).toBe(
          `${account.name} ${service}: true`,
        );
      }
    }
  });

  test("answers are deterministic and callers cannot change the fixtures", async () => {
    const a = await call("production", "lambda", "ListFunctions");
    (a.Functions as Array<Record<string, unknown>>)[0]!.Runtime = "changed";
    const b = await call("production", "lambda", "ListFunctions");
    expect((b.Functions as Array<Record<string, unknown>>)[0]!.Runtime).toBe("nodejs18.x");
    expect(await call("production", "lambda", "ListFunctions")).toEqual(b);
  });
});

describe("simulated AWS errors, as botocore raises them", () => {
  test.each([
    [
      "production",
      "s3",
      "GetBucketEncryption",
      { Bucket: "acme-legacy-exports" },
      "ServerSideEncryptionConfigurationNotFoundError",
    ],
    [
      "production",
      "s3",
      "GetPublicAccessBlock",
      { Bucket: "acme-legacy-exports" },
      "NoSuchPublicAccessBlockConfiguration",
    ],
    [
      "production",
      "s3",
      "GetBucketLifecycleConfiguration",
      { Bucket: "acme-prod-web-assets" },
      "NoSuchLifecycleConfiguration",
    ],
    ["production", "s3", "GetBucketPolicyStatus", { Bucket: "acme-legacy-exports" }, "NoSuchBucketPolicy"],
    ["production", "s3", "GetBucketEncryption", { Bucket: "someone-elses-bucket" }, "NoSuchBucket"],
    [
      "production",
      "lambda",
      "GetFunctionConfiguration",
      { FunctionName: "nope" },
      "ResourceNotFoundException",
    ],
    ["production", "eks", "DescribeCluster", { name: "nope" }, "ResourceNotFoundException"],
    ["production", "ecs", "ListServices", { cluster: "nope" }, "ClusterNotFoundException"],
    ["production", "rds", "DescribeDBInstances", { DBInstanceIdentifier: "nope" }, "DBInstanceNotFound"],
    [
      "production",
      "ec2",
      "DescribeInstances",
      { InstanceIds: ["i-0000000000000dead"] },
      "InvalidInstanceID.NotFound",
    ],
    [
      "production",
      "ec2",
      "DescribeInstances",
      { Filters: [{ Name: "no-such-filter", Values: ["x"] }] },
      "InvalidParameterValue",
    ],
    ["production", "ec2", "describe_instances", {}, "OperationNotFoundError"],
    ["production", "ec2", "TerminateInstances", {}, "E_SANDBOX_UNSUPPORTED"],
    ["production", "ec2", "DescribeLaunchTemplates", {}, "E_SANDBOX_UNSUPPORTED"],
    ["production", "ec2", "DescribeInstances", { NoSuchMember: 1 }, "E_SANDBOX_UNSUPPORTED"],
    ["production", "lambda", "ListFunctions", { FunctionVersion: "ALL" }, "E_SANDBOX_UNSUPPORTED"],
    ["production", "iam", "ListUsers", {}, "E_SANDBOX_UNSUPPORTED"],
    ["production", "nosuchservice", "ListThings", {}, "UnknownServiceError"],
  ] as const)("%s %s:%s %j → %s", async (account, service, operation, params, code) => {
    expect(await codeOf(call(account, service, operation, params))).toBe(code);
  });

  test("an SCP denial in one account and region only, worded like AWS", async () => {
    const error = await call("staging", "lambda", "ListFunctions", {}, "eu-west-1").catch((e: Error) => e);
    expect((error as { code: string }).code).toBe("AccessDeniedException");
    expect((error as Error).message).toMatch(
      /^An error occurred \(AccessDeniedException\) when calling the ListFunctions operation: User: .* explicit deny in a service control policy/,
    );
    expect(await codeOf(call("staging", "lambda", "ListFunctions", {}, "us-east-1"))).toBe("no error");
    expect(await codeOf(call("staging", "ec2", "DescribeInstances", {}, "eu-west-1"))).toBe("no error");
  });
});

describe("filters and pagination", () => {
  test("EC2 filters: state, tag wildcard, unattached volumes, open security groups", async () => {
    const ids = (r: Record<string, unknown>) =>
      (r.Reservations as Array<{ Instances: Array<{ InstanceId: string }> }>).flatMap((x) =>
        x.Instances.map((i) => i.InstanceId),
      );
    const stopped = await call("development", "ec2", "DescribeInstances", {
      Filters: [{ Name: "instance-state-name", Values: ["stopped"] }],
    });
    expect(ids(stopped)).toEqual(["i-0d30c0ffee0000002", "i-0d30c0ffee0000005"]);
    const ci = await call("development", "ec2", "DescribeInstances", {
      Filters: [{ Name: "tag:Name", Values: ["ci-*"] }],
    });
    expect(ids(ci)).toHaveLength(2);
    const free = await call("development", "ec2", "DescribeVolumes", {
      Filters: [{ Name: "status", Values: ["available"] }],
    });
    expect((free.Volumes as Array<{ Attachments: unknown[] }>).every((v) => v.Attachments.length === 0)).toBe(
      true,
    );
    expect(free.Volumes as unknown[]).toHaveLength(3);
    const open = await call("development", "ec2", "DescribeSecurityGroups", {
      Filters: [
        { Name: "ip-permission.cidr", Values: ["0.0.0.0/0"] },
        { Name: "ip-permission.from-port", Values: ["22"] },
      ],
    });
    expect((open.SecurityGroups as Array<{ GroupName: string }>).map((g) => g.GroupName)).toEqual([
      "dev-ssh",
    ]);
  });

  test("pages follow the service's token names until every item is seen", async () => {
    const seen: string[] = [];
    let token: unknown;
    let pages = 0;
    do {
      const page = await call("production", "lambda", "ListFunctions", {
        MaxItems: 3,
        ...(token ? { Marker: token } : {}),
      });
      seen.push(...(page.Functions as Array<{ FunctionName: string }>).map((f) => f.FunctionName));
      token = page.NextMarker;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(await codeOf(call("production", "lambda", "ListFunctions", { Marker: "bogus" }))).toBe(
      "InvalidNextToken",
    );
  });

  test("ECS derives tasks from services: running + pending, with failures for unknown ARNs", async () => {
    const arns = (
      await call("production", "ecs", "ListTasks", { cluster: "prod-web", serviceName: "checkout" })
    ).taskArns as string[];
    expect(arns).toHaveLength(3);
    const described = await call("production", "ecs", "DescribeTasks", {
      cluster: "prod-web",
      tasks: [...arns, "missing"],
    });
    expect((described.tasks as Array<{ lastStatus: string }>).map((t) => t.lastStatus)).toEqual([
      "RUNNING",
      "RUNNING",
      "PENDING",
    ]);
    expect(described.failures).toEqual([{ arn: expect.stringContaining("missing"), reason: "MISSING" }]);
  });
});
