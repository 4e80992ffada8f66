import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { builtinCatalogue } from "../../src/catalogue/builtin.ts";
import { isReadVerb } from "../../src/catalogue/guard-rules.ts";
import { type ErrorCode, isOpsError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import type { ToolDef } from "../../src/plugins/format.ts";
import { checkOperation } from "../../src/plugins/guard.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { createPluginTool } from "../../src/plugins/tool.ts";

/**
 * Mutating or dangerous attempts, each refused before a script exists (so before any network traffic):
 * plugin files fail at load, call-time attempts fail in render(), the only producer of scripts.
 */
const PLUGIN_OPERATIONS: Array<[service: string, operation: string]> = [
  ["ec2", "TerminateInstances"],
  ["ec2", "RunInstances"],
  ["ec2", "ModifyInstanceAttribute"],
  ["ec2", "AuthorizeSecurityGroupIngress"],
  ["ec2", "CreateSnapshot"],
  ["ec2", "DeleteVolume"],
  ["ec2", "GetPasswordData"],
  ["ec2", "GetConsoleOutput"],
  ["ec2", "GetConsoleScreenshot"],
  ["s3", "PutObject"],
  ["s3", "DeleteBucket"],
  ["s3", "PutBucketPolicy"],
  ["s3", "GetObject"],
  ["s3", "SelectObjectContent"],
  ["sts", "AssumeRole"],
  ["sts", "AssumeRoleWithWebIdentity"],
  ["sts", "GetSessionToken"],
  ["sts", "GetFederationToken"],
  ["sso", "GetRoleCredentials"],
  ["secretsmanager", "GetSecretValue"],
  ["secretsmanager", "BatchGetSecretValue"],
  ["secretsmanager", "GetRandomPassword"],
  ["ssm", "GetParameter"],
  ["ssm", "GetParameters"],
  ["ssm", "GetParametersByPath"],
  ["ssm", "SendCommand"],
  ["ssm", "StartSession"],
  ["rds", "GenerateDbAuthToken"],
  ["rds", "DeleteDBInstance"],
  ["ecr", "GetAuthorizationToken"],
  ["ecr", "GetDownloadUrlForLayer"],
  ["ecr", "GetLoginPassword"],
  ["eks", "GetToken"],
  ["lambda", "Invoke"],
  ["lambda", "GetFunction"],
  ["lambda", "GetLayerVersion"],
  ["lambda", "UpdateFunctionCode"],
  ["cognito-identity", "GetCredentialsForIdentity"],
  ["cognito-identity", "GetOpenIdToken"],
  ["redshift", "GetClusterCredentials"],
  ["dynamodb", "Scan"],
  ["dynamodb", "Query"],
  ["dynamodb", "GetItem"],
  ["dynamodb", "BatchGetItem"],
  ["iam", "CreateAccessKey"],
  ["kms", "Decrypt"],
  ["kms", "GenerateDataKey"],
  ["s3", "CreatePresignedPost"],
  ["cloudformation", "CreateStack"],
  ["ec2", "describe_instances"],
  ["ec2", "Describe Instances"],
  ["ec2", "DescribeInstances\nTerminateInstances"],
  ["ec2", "DescribeInstances'); __import__('os').system('id'); ('"],
];

function plugin(service: string, operation: string, follow = false): string {
  const op = JSON.stringify(operation);
  const main = follow ? "DescribeInstances" : op;
  const followUp = follow
    ? `\n    follow:\n      - operation: ${op}\n        item_params: { Id: InstanceId }\n        result: "@"`
    : "";
  return `service: ${JSON.stringify(service)}\ndescription: hostile plugin\ntools:\n  - name: ${service.replace(/-/g, "_")}_x_y\n    description: a tool trying something it must not do\n    operation: ${main}\n    items: "@"${followUp}\n`;
}

function load(text: string) {
  return loadPlugins({
    dirs: ["/plugins"],
    allowOperations: [],
    logger: silentLogger,
    builtins: [],
    listDir: () => ["bad.yaml"],
    readFile: () => text,
  });
}

function refusal(run: () => unknown): ErrorCode | "accepted" {
  try {
    run();
    return "accepted";
  } catch (error) {
    if (isOpsError(error)) return error.code;
    throw error;
  }
}

describe("guard corpus", () => {
  test("every plugin file naming a dangerous operation fails at load with file and line", () => {
    for (const [service, operation] of PLUGIN_OPERATIONS) {
      // Names that are not PascalCase are caught by the schema (E_PLUGIN) before the guard (E_READONLY).
      const expected = /^[A-Z][A-Za-z0-9]*$/.test(operation) ? "E_READONLY" : "E_PLUGIN";
      expect(`${operation} ${refusal(() => load(plugin(service, operation)))}`).toBe(
        `${operation} ${expected}`,
      );
    }
    expect(() => load(plugin("ec2", "TerminateInstances"))).toThrow(
      /\/plugins\/bad\.yaml:6:16 tools\[0\]\.operation/,
    );
  });

  test("a dangerous follow-up operation fails like a main one", () => {
    for (const [service, operation] of PLUGIN_OPERATIONS.slice(0, 20)) {
      expect(refusal(() => load(plugin(service, operation, true)))).toBe("E_READONLY");
    }
  });

  test("a plugin cannot widen the guard", () => {
    const widening = `${plugin("s3", "GetObject")}allow_operations: [s3:GetObject]\n`;
    expect(refusal(() => load(widening))).toBe("E_PLUGIN");
    const readonly = plugin("s3", "GetObject").replace(
      "description: hostile plugin",
      "description: hostile plugin\nreadonly: { allow_operations: [s3:GetObject] }",
    );
    expect(refusal(() => load(readonly))).toBe("E_PLUGIN");
  });

  test("call-time attempts are refused by render()", () => {
    const tools = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
    const instances = tools.find((t) => t.name === "ec2_describe_instances")!;
    const attempts: Array<[string, () => unknown, ErrorCode]> = [
      [
        "extra operation argument",
        () => instances.render({ operation: "TerminateInstances" }, ["us-east-1"]),
        "E_VALIDATION",
      ],
      [
        "extra params argument",
        () => instances.render({ params: { DryRun: false } }, ["us-east-1"]),
        "E_VALIDATION",
      ],
      [
        "operation_name argument",
        () => instances.render({ operation_name: "RunInstances" }, ["us-east-1"]),
        "E_VALIDATION",
      ],
      [
        "__proto__ argument",
        () => instances.render(JSON.parse('{"__proto__": {"operation": "X"}}'), ["us-east-1"]),
        "E_VALIDATION",
      ],
      [
        "wrong type",
        () => instances.render({ instance_ids: "i-1; TerminateInstances" }, ["us-east-1"]),
        "E_VALIDATION",
      ],
      [
        "id pattern",
        () => instances.render({ instance_ids: ["i-1'); import os"] }, ["us-east-1"]),
        "E_VALIDATION",
      ],
      ["enum", () => instances.render({ states: ['running"); import os'] }, ["us-east-1"]), "E_VALIDATION"],
      ["region with code", () => instances.render({}, ["us-east-1'); import os; ('"]), "E_VALIDATION"],
      ["region with newline", () => instances.render({}, ["us-east-1\nimport os"]), "E_VALIDATION"],
      [
        "arguments not an object",
        () => instances.render(["TerminateInstances"] as never, ["us-east-1"]),
        "E_VALIDATION",
      ],
    ];
    // Tools built without the loader (its checks skipped) are still guarded when they render.
    const bypass = (def: Partial<ToolDef>, allow: string[] = []) =>
      createPluginTool(
        "ec2",
        { name: "ec2_x_y", description: "d", operation: "DescribeInstances", items: "@", ...def },
        "test",
        allow,
      );
    attempts.push(
      [
        "unloaded mutating tool",
        () => bypass({ operation: "TerminateInstances" }).render({}, ["us-east-1"]),
        "E_READONLY",
      ],
      [
        "unloaded credential tool",
        () => bypass({ operation: "GetPasswordData" }).render({}, ["us-east-1"]),
        "E_READONLY",
      ],
      [
        "unloaded mutating follow-up",
        () =>
          bypass({
            follow: [{ operation: "DeleteVolume", item_params: { VolumeId: "@" }, result: "@" }],
          }).render({}, ["us-east-1"]),
        "E_READONLY",
      ],
      [
        "allowed elsewhere only",
        () => bypass({ operation: "StopInstances" }, ["rds:StopInstances"]).render({}, ["us-east-1"]),
        "E_READONLY",
      ],
    );
    for (const [name, run, code] of attempts) expect(`${name}: ${refusal(run)}`).toBe(`${name}: ${code}`);
    // allow_operations re-allows denied reads only, never a mutating verb.
    expect(
      refusal(() => bypass({ operation: "StopInstances" }, ["ec2:StopInstances"]).render({}, ["us-east-1"])),
    ).toBe("E_READONLY");
    expect(
      refusal(() =>
        bypass({ operation: "GetPasswordData" }, ["ec2:GetPasswordData"]).render({}, ["us-east-1"]),
      ),
    ).toBe("accepted");
  });

  test("allow_operations widens exactly one operation at load", () => {
    const options = {
      dirs: ["/p"],
      logger: silentLogger,
      builtins: [],
      listDir: () => ["s3.yaml"],
      readFile: () => plugin("s3", "GetObject"),
    };
    expect(refusal(() => loadPlugins({ ...options, allowOperations: [] }))).toBe("E_READONLY");
    expect(loadPlugins({ ...options, allowOperations: ["s3:GetObject"] }).tools[0]!.operations).toEqual([
      "GetObject",
    ]);
  });
});

/**
 * Every operation of the catalogue (every botocore service) through the guard. The allowed count per
 * service is committed in test/fixtures/guard-allowed.tsv, so a change of the guard or of the models
 * shows up as a reviewed diff there (regenerate: UPDATE_GUARD_COUNTS=1 bun test test/unit/guard-corpus.test.ts).
 */
describe("catalogue corpus through the guard", () => {
  const catalogue = builtinCatalogue();
  const file = "test/fixtures/guard-allowed.tsv";

  test("allowed operations per service match the reviewed counts", () => {
    const rows: string[] = [];
    let total = 0;
    let allowed = 0;
    for (const service of catalogue.services()) {
      const ops = Object.keys(catalogue.service(service)!.ops);
      const ok = ops.filter((op) => checkOperation(service, op, [], catalogue).ok);
      // Every allowed operation is a read verb, and resolves to itself.
      for (const op of ok) expect(isReadVerb(op)).toBe(true);
      rows.push(`${service}\t${ok.length}\t${ops.length}`);
      total += ops.length;
      allowed += ok.length;
    }
    const text = `service\tallowed\toperations\n${rows.join("\n")}\nTOTAL\t${allowed}\t${total}\n`;
    console.log(`guard corpus: ${allowed} of ${total} operations allowed in ${rows.length} services`);
    if (process.env.UPDATE_GUARD_COUNTS) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, "utf8"));
  });

  test("the red team's finds and the case tricks are refused", () => {
    for (const name of [
      "s3control:GetDataAccess",
      "lightsail:GetInstanceAccessDetails",
      "wafv2:GetDecryptedAPIKey",
      "cognito-idp:ListUserPoolClientSecrets",
      "glue:GetConnections",
      "logs:GetLogEvents",
      "athena:GetQueryResults",
      "s3:HeadObject",
      "secretsmanager:GetSECRETValue",
      "s3:getobject",
      "s3:Get_Object",
    ]) {
      const [service, op] = name.split(":") as [string, string];
      expect(`${name} ${checkOperation(service, op, [], catalogue).ok}`).toBe(`${name} false`);
    }
    // ec2:GetLaunchTemplateData stays readable: its user data is masked inside the script.
    expect(catalogue.service("ec2")!.ops.GetLaunchTemplateData!.mask).toEqual([
      "LaunchTemplateData.UserData",
    ]);
  });
});
