import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { OpsError } from "../../src/errors.ts";
import type { CallResult } from "../../src/tools/types.ts";
import { startWiredSandbox, type WiredSandbox } from "../helpers/sandbox-wire.ts";

// aws_read through the production path (real STS client, SigV4 MCP pool over the MCP SDK, executor)
// against the sandbox: the questions no plugin tool answers, the refusals that send nothing, and an
// operation the sandbox does not simulate.
let wired: WiredSandbox;
beforeAll(async () => {
  wired = await startWiredSandbox();
});
afterAll(() => wired.close());

type Item = Record<string, unknown>;
const items = (call: CallResult) => call.results.flatMap((r) => (r.ok ? (r.data.items as Item[]) : []));
/** Requests that reached the sandbox: role assumptions, MCP sessions, scripts run. */
const traffic = () =>
  wired.count("sandbox sts: assume role") +
  wired.count("sandbox mcp: new session") +
  wired.count("sandbox mcp: signed call");

describe("aws_read refusals send nothing", () => {
  // First in the file: the sandbox has seen no request yet, so any request would show.
  test.each([
    [
      "mutating",
      { service: "ec2", operation: "TerminateInstances", params: { InstanceIds: ["i-1"] } },
      "E_READONLY",
      /TerminateInstances/,
    ],
    [
      "secret-reading",
      { service: "ec2", operation: "GetPasswordData", params: { InstanceId: "i-1" } },
      "E_READONLY",
      /GetPasswordData/,
    ],
    [
      "unknown operation",
      { service: "ec2", operation: "DescribeInstancez" },
      "E_VALIDATION",
      /did you mean.*DescribeInstances/,
    ],
    [
      "misspelled parameter",
      { service: "ec2", operation: "DescribeInstances", params: { InstanceId: ["i-1"] } },
      "E_VALIDATION",
      /InstanceId.*did you mean.*InstanceIds/,
    ],
  ] as const)("%s: refused before any request", async (_, input, code, message) => {
    const error = await wired.executor.invoke("aws_read", { ...input, accounts: ["all"] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpsError);
    expect((error as OpsError).code).toBe(code);
    expect((error as OpsError).message).toMatch(message);
    expect(traffic()).toBe(0);
  });
});

describe("aws_read answers what no plugin tool returns", () => {
  test("IMDS: which instances still allow IMDSv1 (HttpTokens optional)", async () => {
    const call = await wired.executor.invoke("aws_read", {
      service: "ec2",
      operation: "describe-instances",
      items: "Reservations[].Instances[]",
      select: { id: "InstanceId", imds: "MetadataOptions.HttpTokens" },
      accounts: ["all"],
    });
    expect(traffic()).toBeGreaterThan(0); // the counter above counts: this call was seen
    expect(call.status).toBe("ok");
    const all = items(call);
    expect(all.length).toBeGreaterThan(2);
    for (const i of all) expect(Object.keys(i).sort()).toEqual(["id", "imds"]);
    expect(new Set(all.map((i) => i.imds))).toEqual(new Set(["optional", "required"]));
    const v1 = await wired.executor.invoke("aws_read", {
      service: "ec2",
      operation: "DescribeInstances",
      items: "Reservations[].Instances[]",
      select: { id: "InstanceId" },
      where: { "MetadataOptions.HttpTokens": "optional" },
      accounts: ["all"],
    });
    expect(
      items(v1)
        .map((i) => i.id)
        .sort(),
    ).toEqual(
      all
        .filter((i) => i.imds === "optional")
        .map((i) => i.id)
        .sort(),
    );
  });

  test("DescribeInstances without items returns instances, not reservations (the issue's CLI example)", async () => {
    const call = await wired.executor.invoke("aws_read", {
      service: "ec2",
      operation: "DescribeInstances",
      select: { id: "InstanceId", imds: "MetadataOptions.HttpTokens" },
      accounts: ["all"],
    });
    expect(call.status).toBe("ok");
    const all = items(call);
    expect(all.length).toBeGreaterThan(2);
    for (const i of all) {
      expect(String(i.id)).toMatch(/^i-/);
      expect(["optional", "required"]).toContain(String(i.imds));
    }
  });

  test("Lambda function URLs: the public ones (AuthType NONE), and a function without one", async () => {
    const url = (fn: string) =>
      wired.executor.invoke("aws_read", {
        service: "lambda",
        operation: "ListFunctionUrlConfigs",
        params: { FunctionName: fn },
        select: { url: "FunctionUrl", auth: "AuthType", arn: "FunctionArn" },
        accounts: ["production"],
        regions: ["us-east-1"],
      });
    const open = items(await url("stripe-events"));
    expect(open).toEqual([
      {
        url: expect.stringMatching(/^https:\/\/[0-9a-f]{32}\.lambda-url\.us-east-1\.on\.aws\/$/),
        auth: "NONE",
        arn: expect.stringContaining(":function:stripe-events"),
      },
    ]);
    expect(items(await url("orders-webhook"))).toEqual([expect.objectContaining({ auth: "AWS_IAM" })]);
    const none = await url("image-resizer");
    expect(none.status).toBe("ok");
    expect(items(none)).toEqual([]);
    const get = await wired.executor.invoke("aws_read", {
      service: "lambda",
      operation: "GetFunctionUrlConfig",
      params: { FunctionName: "image-resizer" },
      items: "@",
      accounts: ["production"],
      regions: ["us-east-1"],
    });
    expect(get.results[0]).toMatchObject({ ok: false, error: { aws_code: "ResourceNotFoundException" } });
  });

  test("RDS instances without deletion protection", async () => {
    const all = items(
      await wired.executor.invoke("aws_read", {
        service: "rds",
        operation: "DescribeDBInstances",
        select: { id: "DBInstanceIdentifier", deletion_protection: "DeletionProtection" },
        accounts: ["all"],
      }),
    );
    const unprotected = items(
      await wired.executor.invoke("aws_read", {
        service: "rds",
        operation: "DescribeDBInstances",
        select: { id: "DBInstanceIdentifier", deletion_protection: "DeletionProtection" },
        where: { DeletionProtection: false },
        accounts: ["all"],
      }),
    );
    expect(unprotected.length).toBeGreaterThan(0);
    expect(unprotected.length).toBeLessThan(all.length);
    expect(unprotected).toEqual(all.filter((i) => i.deletion_protection === false));
  });

  test("ECS cluster settings (containerInsights), only when asked for with include SETTINGS", async () => {
    const read = (include: string[]) =>
      wired.executor.invoke("aws_read", {
        service: "ecs",
        operation: "DescribeClusters",
        params: { clusters: ["prod-web", "prod-workers"], include },
        select: {
          name: "clusterName",
          insights: { path: "settings[].value", contains: "enabled" },
          settings: "settings",
        },
        accounts: ["production"],
        regions: ["us-east-1"],
      });
    expect(items(await read(["SETTINGS"]))).toEqual([
      { name: "prod-web", insights: true, settings: [{ name: "containerInsights", value: "enabled" }] },
      { name: "prod-workers", insights: true, settings: [{ name: "containerInsights", value: "enabled" }] },
    ]);
    expect(items(await read([])).map((i) => i.settings)).toEqual([null, null]);
  });

  test("an operation the sandbox does not simulate fails every unit with E_SANDBOX_UNSUPPORTED naming it", async () => {
    const call = await wired.executor.invoke("aws_read", {
      service: "ec2",
      operation: "DescribeLaunchTemplates",
      select: { name: "LaunchTemplateName" },
      accounts: ["production"],
    });
    expect(call.status).toBe("failed");
    for (const r of call.results) {
      expect(r.error?.code).toBe("E_SANDBOX_UNSUPPORTED");
      expect(r.error?.message).toContain("ec2:DescribeLaunchTemplates");
    }
    const ignored = await wired.executor.invoke("aws_read", {
      service: "lambda",
      operation: "ListFunctions",
      params: { FunctionVersion: "ALL" },
      accounts: ["production"],
      regions: ["us-east-1"],
    });
    expect(ignored.results[0]?.error?.code).toBe("E_SANDBOX_UNSUPPORTED");
    expect(ignored.results[0]?.error?.message).toContain("parameter FunctionVersion of lambda:ListFunctions");
  });
});

test("aws_read over `ops-agent mcp --sandbox`: an MCP client calls it with select, and a refusal is a tool error", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["src/cli/main.ts", "mcp", "--sandbox"],
    cwd: new URL("../..", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", AWS_EC2_METADATA_DISABLED: "true" },
    stderr: "pipe",
  });
  const client = new Client({ name: "test", version: "1" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === "aws_read")!;
    expect(tool.inputSchema.required).toEqual(expect.arrayContaining(["service", "operation"]));
    const call = (await client.callTool({
      name: "aws_read",
      arguments: {
        service: "ec2",
        operation: "DescribeInstances",
        items: "Reservations[].Instances[]",
        select: { id: "InstanceId", imds: "MetadataOptions.HttpTokens" },
        accounts: ["production"],
        regions: ["us-east-1"],
      },
    })) as CallToolResult;
    expect(call.isError).toBe(false);
    const envelope = call.structuredContent as unknown as CallResult;
    expect(envelope.status).toBe("ok");
    const got = items(envelope);
    expect(got.length).toBeGreaterThan(0);
    for (const i of got) expect(Object.keys(i).sort()).toEqual(["id", "imds"]);
    const refused = (await client.callTool({
      name: "aws_read",
      arguments: { service: "ec2", operation: "GetPasswordData", params: { InstanceId: "i-1" } },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("E_READONLY");
  } finally {
    await client.close();
  }
}, 30_000);
