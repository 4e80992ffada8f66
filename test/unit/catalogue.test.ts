import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { builtinCatalogue } from "../../src/catalogue/builtin.ts";
import { operationKey } from "../../src/catalogue/names.ts";
import { iamAction } from "../../src/plugins/iam.ts";

const catalogue = builtinCatalogue();
const DEFAULT_SERVICES = ["ec2", "ecs", "eks", "lambda", "rds", "s3"];

describe("operation catalogue", () => {
  test("records its source and version, and covers every botocore service", () => {
    const index = JSON.parse(readFileSync("src/catalogue/data/index.json", "utf8"));
    expect(catalogue.source.source).toBe("botocore");
    expect(catalogue.source.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(index.services).toBe(catalogue.services().length);
    expect(catalogue.services().length).toBeGreaterThan(400);
    for (const name of DEFAULT_SERVICES) expect(catalogue.service(name)).toBeDefined();
  });

  test("operation counts per default service, and every paginated operation has its tokens", () => {
    const counts: Record<string, number> = {};
    for (const name of DEFAULT_SERVICES) {
      const service = catalogue.service(name)!;
      counts[name] = Object.keys(service.ops).length;
      for (const [op, entry] of Object.entries(service.ops)) {
        if (!entry.page) continue;
        expect(`${op} ${entry.page.in.length > 0} ${entry.page.out.length > 0}`).toBe(`${op} true true`);
      }
    }
    // botocore 1.43: ec2 765, ecs 77, eks 61, lambda 85, rds 164, s3 107 (grows with botocore).
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(50);
    expect(counts.ec2).toBeGreaterThan(700);
    const ec2 = catalogue.service("ec2")!.ops;
    expect(ec2.DescribeInstances).toMatchObject({
      in: "DescribeInstancesRequest",
      items: "Reservations[]",
      page: { in: "NextToken", out: "NextToken", limit: "MaxResults" },
    });
    expect(catalogue.service("lambda")!.ops.ListFunctions!.mask).toContain(
      "Functions[].Environment.Variables",
    );
    expect(catalogue.service("ecs")!.ops.DescribeTaskDefinition!.mask).toContain(
      "taskDefinition.containerDefinitions[].environment",
    );
    // user data by name: the model leaves DescribeInstanceAttribute's UserData unmarked
    expect(ec2.DescribeInstanceAttribute!.mask).toEqual(["UserData"]);
    expect(ec2.DescribeLaunchTemplateVersions!.mask).toContain(
      "LaunchTemplateVersions[].LaunchTemplateData.UserData",
    );
  });

  test("input shapes carry members, types, required and enums", () => {
    const ec2 = catalogue.service("ec2")!;
    const input = ec2.shapes.DescribeInstancesRequest!;
    expect(input.t).toBe("structure");
    expect(Object.keys(input.m!)).toEqual(
      expect.arrayContaining(["InstanceIds", "Filters", "MaxResults", "NextToken", "DryRun"]),
    );
    expect(input.m!.DryRun).toBe("#boolean");
    const attr = ec2.shapes.DescribeInstanceAttributeRequest!;
    expect(attr.r).toEqual(expect.arrayContaining(["Attribute", "InstanceId"]));
    expect(ec2.shapes[attr.m!.Attribute!]!.e).toContain("userData");
  });

  test("IAM prefixes come from the models (signing names), not a hand list", () => {
    const expected: Record<string, string> = {
      elbv2: "elasticloadbalancing",
      elb: "elasticloadbalancing",
      stepfunctions: "states",
      "sso-admin": "sso",
      opensearch: "es",
      apigatewayv2: "apigateway",
      dynamodbstreams: "dynamodb",
      efs: "elasticfilesystem",
      emr: "elasticmapreduce",
      sesv2: "ses",
      kinesisanalyticsv2: "kinesisanalytics",
      resourcegroupstaggingapi: "tag",
    };
    for (const [service, prefix] of Object.entries(expected)) {
      expect(`${service} ${catalogue.service(service)?.iam}`).toBe(`${service} ${prefix}`);
    }
    expect(iamAction("s3", "GetBucketEncryption")).toBe("s3:GetEncryptionConfiguration");
    expect(iamAction("elbv2", "DescribeLoadBalancers")).toBe("elasticloadbalancing:DescribeLoadBalancers");
  });

  test("operation keys are unique within each service (resolution is unambiguous)", () => {
    for (const name of catalogue.services()) {
      const ops = Object.keys(catalogue.service(name)!.ops);
      expect(`${name} ${new Set(ops.map(operationKey)).size}`).toBe(`${name} ${ops.length}`);
    }
  });
});
