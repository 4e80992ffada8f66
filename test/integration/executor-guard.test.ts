import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import type { ToolDef } from "../../src/plugins/format.ts";
import { createPluginTool } from "../../src/plugins/tool.ts";
import type { PluginTool } from "../../src/plugins/types.ts";
import { createAwsRead, DEFAULT_SERVICES } from "../../src/tools/aws-read.ts";

/** A tool name and its raw input, as a front end hands them to `executor.invoke`. */
interface Attempt {
  tool: string;
  input: unknown;
}

import { ORG } from "../fixtures/call/org.ts";
import { type Harness, startHarness } from "../helpers/call-harness.ts";

/**
 * The call-time half of the guard corpus, end to end: every attempt goes through the real executor,
 * wired to the real MCP pool and the in-process SigV4-verifying MCP server, and must be refused with
 * the server having seen no HTTP request at all (not even `initialize`). A legitimate call at the end
 * proves the same wiring does reach the server, so the zero is not vacuous.
 */

/** Tools whose definitions skipped the loader (as if a plugin had slipped past it): render() must refuse them. */
const UNLOADED: Array<[service: string, def: Partial<ToolDef>, allow?: string[]]> = [
  ["ec2", { operation: "TerminateInstances" }],
  ["ec2", { operation: "RunInstances" }],
  ["ec2", { operation: "GetPasswordData" }],
  ["ec2", { follow: [{ operation: "DeleteVolume", item_params: { VolumeId: "@" }, result: "@" }] }],
  ["ec2", { operation: "StopInstances" }, ["rds:StopInstances"]],
  ["s3", { operation: "GetObject" }],
  ["s3", { operation: "PutBucketPolicy" }],
  ["sts", { operation: "AssumeRole" }],
  ["sts", { operation: "GetSessionToken" }],
  ["secretsmanager", { operation: "GetSecretValue" }],
  ["ssm", { operation: "GetParameter" }],
  ["ssm", { operation: "SendCommand" }],
  ["lambda", { operation: "Invoke" }],
  ["lambda", { operation: "GetFunction" }],
  ["ecr", { operation: "GetAuthorizationToken" }],
  ["rds", { operation: "GenerateDbAuthToken" }],
  ["iam", { operation: "CreateAccessKey" }],
  ["kms", { operation: "Decrypt" }],
  ["dynamodb", { operation: "Scan" }],
  ["eks", { operation: "GetToken" }],
];

const unloadedName = (i: number) => `${UNLOADED[i]![0]}_unloaded_${i}`;

function unloadedTools(): PluginTool[] {
  return UNLOADED.map(([service, def, allow = []], i) =>
    createPluginTool(
      service,
      { name: unloadedName(i), description: "d", operation: "DescribeInstances", items: "@", ...def },
      "test",
      allow,
    ),
  );
}

const instances = (args: unknown, targets: Record<string, unknown> = {}): Attempt => ({
  tool: "ec2_describe_instances",
  input: typeof args === "object" && args !== null ? Object.assign(args, targets) : args,
});

/** aws_read: mutating, secret-reading, unknown and misspelled requests, all refused before any traffic. */
const AWS_READ_REFUSALS: Array<[name: string, args: Record<string, unknown>, code: string]> = [
  [
    "mutating",
    { service: "ec2", operation: "TerminateInstances", params: { InstanceIds: ["i-1"] } },
    "E_READONLY",
  ],
  ["mutating in snake case", { service: "ec2", operation: "terminate_instances" }, "E_READONLY"],
  [
    "secret-reading",
    { service: "ec2", operation: "GetPasswordData", params: { InstanceId: "i-1" } },
    "E_READONLY",
  ],
  [
    "data-reading by IAM action",
    { service: "s3", operation: "HeadObject", params: { Bucket: "b", Key: "k" } },
    "E_READONLY",
  ],
  ["case trick", { service: "s3", operation: "getobject", params: { Bucket: "b", Key: "k" } }, "E_READONLY"],
  ["unknown operation", { service: "ec2", operation: "DescribeInstancez" }, "E_VALIDATION"],
  ["service not enabled", { service: "secretsmanager", operation: "GetSecretValue" }, "E_VALIDATION"],
  [
    "misspelled parameter",
    { service: "ec2", operation: "DescribeInstances", params: { InstanceId: ["i-1"] } },
    "E_VALIDATION",
  ],
  [
    "wrong type",
    { service: "ec2", operation: "DescribeInstances", params: { MaxResults: "ten" } },
    "E_VALIDATION",
  ],
  [
    "missing required",
    { service: "ec2", operation: "DescribeInstanceAttribute", params: { InstanceId: "i-1" } },
    "E_VALIDATION",
  ],
  [
    "misspelled select path",
    { service: "ec2", operation: "DescribeInstances", select: { id: "InstanceID" } },
    "E_VALIDATION",
  ],
  [
    "misspelled where path",
    { service: "rds", operation: "DescribeDBInstances", where: { deletionProtection: false } },
    "E_VALIDATION",
  ],
  [
    "items step into a list without []",
    { service: "ec2", operation: "DescribeInstances", items: "Reservations.Instances" },
    "E_VALIDATION",
  ],
  ["code in the operation", { service: "ec2", operation: "DescribeInstances'); import os" }, "E_VALIDATION"],
];

const ATTEMPTS: Array<[name: string, request: Attempt, code: string]> = [
  ...UNLOADED.map((_, i): [string, Attempt, string] => [
    `unloaded ${UNLOADED[i]![0]}:${UNLOADED[i]![1].operation ?? UNLOADED[i]![1].follow?.[0]?.operation}`,
    { tool: unloadedName(i), input: {} },
    "E_READONLY",
  ]),
  ["operation argument", instances({ operation: "TerminateInstances" }), "E_VALIDATION"],
  ["params argument", instances({ params: { DryRun: false } }), "E_VALIDATION"],
  ["operation_name argument", instances({ operation_name: "RunInstances" }), "E_VALIDATION"],
  ["code argument", instances({ code: "__import__('os').system('id')" }), "E_VALIDATION"],
  ["__proto__ argument", instances(JSON.parse('{"__proto__": {"operation": "X"}}')), "E_VALIDATION"],
  ["id list as a string", instances({ instance_ids: "i-1; TerminateInstances" }), "E_VALIDATION"],
  ["id with code", instances({ instance_ids: ["i-1'); import os"] }), "E_VALIDATION"],
  ["state with code", instances({ states: ['running"); import os'] }), "E_VALIDATION"],
  [
    "volume status with code",
    { tool: "ec2_describe_volumes", input: { status: ["available'''\nimport os"] } },
    "E_VALIDATION",
  ],
  [
    "port as code",
    { tool: "ec2_describe_security_groups", input: { inbound_port: "22 or 1==1" } },
    "E_VALIDATION",
  ],
  [
    "ecs cluster plus a params override",
    { tool: "ecs_describe_services", input: { cluster: "c", params: { desiredCount: 0 } } },
    "E_VALIDATION",
  ],
  ["region with code", instances({}, { regions: ["us-east-1'); import os; ('"] }), "E_VALIDATION"],
  ["region with newline", instances({}, { regions: ["us-east-1\nimport os"] }), "E_VALIDATION"],
  ["region in the arguments", instances({ regions: ["us-east-1\u2028x"] }), "E_VALIDATION"],
  ["account outside the registry", instances({}, { accounts: ["999999999999"] }), "E_UNKNOWN_ACCOUNT"],
  ["wildcard environment", instances({}, { accounts: ["env:*"] }), "E_UNKNOWN_ACCOUNT"],
  [
    "accounts as code in the arguments",
    instances({ accounts: "all; TerminateInstances" }),
    "E_UNKNOWN_ACCOUNT",
  ],
  ["the server's script tool itself", { tool: "aws___run_script", input: { code: "1" } }, "E_UNKNOWN_TOOL"],
  [
    "the server's CLI tool",
    { tool: "aws___call_aws", input: { cli_command: "aws ec2 terminate-instances" } },
    "E_UNKNOWN_TOOL",
  ],
  ["a mutating tool name", { tool: "ec2_terminate_instances", input: {} }, "E_UNKNOWN_TOOL"],
  ["a secret tool name", { tool: "secretsmanager_get_secret_value", input: {} }, "E_UNKNOWN_TOOL"],
  ["a path-like tool name", { tool: "../ec2_describe_instances", input: {} }, "E_UNKNOWN_TOOL"],
  ...AWS_READ_REFUSALS.map(([name, input, code]): [string, Attempt, string] => [
    `aws_read ${name}`,
    { tool: "aws_read", input },
    code,
  ]),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    accounts: ORG,
    tools: (builtins) => [
      ...builtins,
      ...unloadedTools(),
      createAwsRead({ services: DEFAULT_SERVICES, allowOperations: [] }),
    ],
  });
});
afterAll(() => h.close());

describe("call-time guard corpus through the executor", () => {
  test("every attempt is refused with its code, and the MCP server saw zero requests", async () => {
    const outcomes: string[] = [];
    for (const [name, request] of ATTEMPTS) {
      try {
        await h.executor.invoke(request.tool, request.input);
        outcomes.push(`${name}: accepted`);
      } catch (error) {
        if (!isOpsError(error)) throw error;
        outcomes.push(`${name}: ${error.code}`);
      }
    }
    expect(outcomes).toEqual(ATTEMPTS.map(([name, , code]) => `${name}: ${code}`));
    expect(h.server.requests).toHaveLength(0);
  });

  test("the same wiring reaches the server for a legitimate call (the zero above is meaningful)", async () => {
    const call = await h.executor.invoke("ec2_describe_instances", {
      states: ["running"],
      accounts: ["prod-data"],
    });
    expect(call.summary).toMatchObject({ units: 1, ok: 1 });
    expect(h.server.requests.filter((r) => r.method === "tools/call")).toHaveLength(1);
  });

  test("aws_read's refusals name the problem (did you mean, the parameter, the guard's reason)", async () => {
    const message = async (input: Record<string, unknown>) => {
      try {
        await h.executor.invoke("aws_read", input);
        return "accepted";
      } catch (error) {
        return isOpsError(error) ? error.message : String(error);
      }
    };
    expect(await message({ service: "ec2", operation: "DescribeInstancez" })).toContain(
      "did you mean DescribeInstances",
    );
    const misspelled = await message({
      service: "ec2",
      operation: "DescribeInstances",
      params: { Filter: [] },
    });
    expect(misspelled).toContain("params.Filter: unknown parameter (did you mean Filters");
    expect(
      await message({ service: "ec2", operation: "DescribeInstances", params: { MaxResults: "ten" } }),
    ).toContain("params.MaxResults: expected an integer");
    expect(
      await message({
        service: "ec2",
        operation: "DescribeInstanceAttribute",
        params: { InstanceId: "i-1" },
      }),
    ).toContain("params.Attribute: missing required parameter");
    expect(
      await message({ service: "s3", operation: "HeadObject", params: { Bucket: "b", Key: "k" } }),
    ).toContain("s3:GetObject");
  });

  test("aws_read refuses paths the output shape cannot yield, naming field and member", async () => {
    const sent = h.server.requests.length;
    const refusal = async (input: Record<string, unknown>) => {
      try {
        await h.executor.invoke("aws_read", input);
        return { message: "accepted", field: undefined };
      } catch (error) {
        if (!isOpsError(error)) throw error;
        return { message: error.message, field: error.details?.field };
      }
    };
    const ec2 = { service: "ec2", operation: "DescribeInstances" };
    expect(await refusal({ ...ec2, select: { id: "InstanceID" } })).toEqual({
      message: expect.stringContaining('Instance has no member "InstanceID" (did you mean InstanceId?)'),
      field: "select",
    });
    expect(await refusal({ ...ec2, where: { "MetadataOptions.HttpToken": "optional" } })).toEqual({
      message: expect.stringContaining("(did you mean HttpTokens?)"),
      field: "where",
    });
    expect(await refusal({ ...ec2, items: "Reservations.Instances" })).toEqual({
      message: expect.stringContaining('write "Reservations[]"'),
      field: "items",
    });
    expect((await refusal({ ...ec2, select: { id: "InstanceId[]" } })).message).toContain("not a list");
    expect((await refusal({ ...ec2, select: { n: "tag:Name.x" } })).message).toContain("has no members");
    const open = {
      service: "ec2",
      operation: "DescribeSecurityGroups",
      select: { open: { path: "IpPermissions", matching: { path: "IpRanges[].CidrIP", in: ["0.0.0.0/0"] } } },
    };
    expect(await refusal(open)).toEqual({
      message: expect.stringContaining('IpRange has no member "CidrIP" (did you mean CidrIp?)'),
      field: "select",
    });
    // ListFunctions answers no tags: tag:env there would be a column of dashes.
    expect(
      (await refusal({ service: "lambda", operation: "ListFunctions", select: { env: "tag:env" } })).message,
    ).toContain("FunctionConfiguration has no Tags or tags member");
    expect(h.server.requests).toHaveLength(sent);
  });
});
