import { describe, expect, test } from "bun:test";
import { MASK } from "../../src/plugins/mask.ts";
import { createAwsRead, DEFAULT_SERVICES } from "../../src/tools/aws-read.ts";
import { runScripts } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";

/**
 * aws_read's generated scripts run as the AWS MCP Server runs them: the fixed template, real boto3
 * clients inside moto.mock_aws() (run_script.py), answering the questions no plugin tool could.
 */
const awsRead = createAwsRead({ services: DEFAULT_SERVICES, allowOperations: [] });

const CASES: Record<string, Record<string, unknown>> = {
  imds: {
    service: "ec2",
    operation: "describe-instances",
    items: "Reservations[].Instances[]",
    select: { id: "InstanceId", name: "tag:Name", http_tokens: "MetadataOptions.HttpTokens" },
  },
  function_urls: {
    service: "lambda",
    operation: "get_function_url_config",
    params: { FunctionName: "ops-env" },
    items: "@",
    select: { url: "FunctionUrl", auth: "AuthType" },
  },
  rds_deletion_protection: {
    service: "rds",
    operation: "DescribeDBInstances",
    select: { id: "DBInstanceIdentifier", deletion_protection: "DeletionProtection" },
    where: { DeletionProtection: false },
  },
  ecs_cluster_settings: {
    service: "ecs",
    operation: "DescribeClusters",
    params: { clusters: ["ops-ecs"], include: ["SETTINGS"] },
    select: { name: "clusterName", settings: "settings" },
  },
  lambda_env_selected: {
    service: "lambda",
    operation: "ListFunctions",
    select: { name: "FunctionName", env: "Environment.Variables" },
    where: { FunctionName: "ops-env" },
  },
  lambda_env_whole_items: {
    service: "lambda",
    operation: "ListFunctions",
    where: { FunctionName: "ops-env" },
  },
  ecs_task_definition_env: {
    service: "ecs",
    operation: "DescribeTaskDefinition",
    params: { taskDefinition: "worker" },
    items: "taskDefinition",
    select: { env: "containerDefinitions[].environment" },
  },
};

describe.skipIf(!requirePython(["moto", "boto3"]))("aws_read through the template against moto", () => {
  const runs = runScripts({
    mode: "moto",
    scripts: Object.entries(CASES).map(([name, args]) => ({
      name,
      code: awsRead.render(args, ["us-east-1"]),
    })),
  });
  const run = (name: string) => {
    const r = runs.find((x) => x.name === name)!;
    if (!r.ok) throw new Error(`${name}: ${r.error}`);
    return r;
  };

  test("IMDS tokens of every instance (CLI-style operation name normalised)", () => {
    const r = run("imds");
    expect(r.calls[0]).toMatchObject({ service: "ec2", operation: "DescribeInstances" });
    expect(r.result!.items.length).toBeGreaterThanOrEqual(2);
    for (const item of r.result!.items as Array<Record<string, unknown>>) {
      expect(Object.keys(item).sort()).toEqual(["http_tokens", "id", "name"]);
      expect(["optional", "required"]).toContain(item.http_tokens as string);
    }
  });

  test("Lambda function URL config (snake_case operation name normalised)", () => {
    const r = run("function_urls");
    expect(r.calls[0]!.operation).toBe("GetFunctionUrlConfig");
    expect(r.result!.items).toEqual([{ url: expect.stringContaining("lambda-url"), auth: "NONE" }]);
  });

  test("RDS instances without deletion protection (where applied inside the script)", () => {
    expect(run("rds_deletion_protection").result!.items).toEqual([
      { id: "ops-db", deletion_protection: false },
    ]);
  });

  test("ECS cluster settings", () => {
    const [item] = run("ecs_cluster_settings").result!.items as Array<{ name: string; settings: unknown }>;
    expect(item!.name).toBe("ops-ecs");
    expect(Array.isArray(item!.settings)).toBe(true);
  });

  test("sensitive members are masked inside the script, whatever select asks for", () => {
    expect(run("lambda_env_selected").result!.items).toEqual([{ name: "ops-env", env: MASK }]);
    const [whole] = run("lambda_env_whole_items").result!.items as Array<Record<string, unknown>>;
    expect((whole!.Environment as Record<string, unknown>).Variables).toBe(MASK);
    expect(run("ecs_task_definition_env").result!.items).toEqual([{ env: [MASK] }]);
    const everything = JSON.stringify(runs.map((r) => r.result));
    expect(everything).not.toContain("hunter2-moto-secret");
    expect(everything).not.toContain("ecs-moto-secret");
  });
});
