import { describe, expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { assertReadOnly, checkAllowOperations, checkOperation } from "../../src/plugins/guard.ts";

const ok = (service: string, op: string, allow: string[] = []) => checkOperation(service, op, allow).ok;
const canonical = (service: string, op: string) => {
  const v = checkOperation(service, op, []);
  return v.ok ? v.operation : v.error.code;
};

describe("read-only guard", () => {
  test("read verbs of catalogue operations pass", () => {
    for (const [service, op] of [
      ["ec2", "DescribeInstances"],
      ["s3", "ListBuckets"],
      ["s3", "GetBucketEncryption"],
      ["s3", "HeadBucket"],
      ["resource-explorer-2", "Search"],
      ["cloudtrail", "LookupEvents"],
      ["dynamodb", "DescribeTable"],
      ["lambda", "GetFunctionConfiguration"],
      ["secretsmanager", "ListSecrets"],
      ["sts", "GetCallerIdentity"],
      ["ec2", "GetLaunchTemplateData"],
    ]) {
      expect(`${service}:${op} ${ok(service!, op!)}`).toBe(`${service}:${op} true`);
    }
  });

  test("names are resolved as AWS resolves them: case-insensitively and after xform_name", () => {
    expect(canonical("ec2", "describe_instances")).toBe("DescribeInstances");
    expect(canonical("ec2", "describe-instances")).toBe("DescribeInstances");
    expect(canonical("ec2", "DESCRIBEINSTANCES")).toBe("DescribeInstances");
    for (const [service, op] of [
      ["secretsmanager", "GetSECRETValue"],
      ["secretsmanager", "get_secret_value"],
      ["s3", "getobject"],
      ["s3", "Get_Object"],
      ["s3", "get-object"],
      ["ec2", "terminate_instances"],
      ["ec2", "TERMINATEINSTANCES"],
    ]) {
      expect(`${op} ${canonical(service!, op!)}`).toBe(`${op} E_READONLY`);
    }
  });

  test("an operation the catalogue does not know is refused, with did-you-mean", () => {
    expect(ok("x", "GetThing")).toBe(false);
    const verdict = checkOperation("ec2", "DescribeInstance", []);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.error.code).toBe("E_READONLY");
    expect(verdict.error.message).toContain("did you mean DescribeInstances");
    expect(ok("ec2", "Getaway")).toBe(false);
  });

  test("an operation whose IAM permission reads data is refused like the data read (HeadObject)", () => {
    const verdict = checkOperation("s3", "HeadObject", []);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.error.message).toContain("s3:GetObject");
    expect(ok("s3", "GetObjectAttributes")).toBe(false);
  });

  test("the principle finds secrets and stored data in output shapes", () => {
    for (const [service, op] of [
      ["s3control", "GetDataAccess"],
      ["lightsail", "GetInstanceAccessDetails"],
      ["wafv2", "GetDecryptedAPIKey"],
      ["cognito-idp", "ListUserPoolClientSecrets"],
      ["glue", "GetConnections"],
      ["logs", "GetLogEvents"],
      ["athena", "GetQueryResults"],
      ["kinesis", "GetRecords"],
      ["codecommit", "GetFile"],
      ["quicksight", "GetDashboardEmbedUrl"],
      ["ec2", "GetInstanceTpmEkPub"],
    ]) {
      expect(`${service}:${op} ${ok(service!, op!)}`).toBe(`${service}:${op} false`);
    }
  });

  test("refusals carry E_READONLY, the operation and a hint", () => {
    const verdict = checkOperation("s3", "DeleteBucket", []);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.error.code).toBe("E_READONLY");
    expect(verdict.error.message).toContain("s3:DeleteBucket");
    expect(verdict.error.hint).toContain("readonly.allow_operations");
    expect(() => assertReadOnly("s3", "DeleteBucket", [])).toThrow(/read-only guard/);
    try {
      assertReadOnly("sts", "GetSessionToken", []);
    } catch (error) {
      expect(isOpsError(error, "E_READONLY")).toBe(true);
    }
  });

  test("allow_operations re-allows a denied read by exact service:Operation, never a mutating verb", () => {
    expect(ok("s3", "GetObject")).toBe(false);
    expect(ok("s3", "GetObject", ["s3:GetObject"])).toBe(true);
    expect(ok("s3", "get_object", ["s3:GetObject"])).toBe(true);
    expect(ok("s3", "GetObject", ["ec2:GetObject"])).toBe(false);
    expect(ok("s3", "GetObject", ["s3:*"])).toBe(false);
    expect(ok("s3", "GetObject", ["GetObject"])).toBe(false);
    expect(ok("ec2", "StopInstances", ["ec2:StopInstances"])).toBe(false);
    expect(ok("ec2", "TerminateInstances", ["ec2:TerminateInstances"])).toBe(false);
    expect(() => checkAllowOperations(["s3:GetObject", "ec2:GetPasswordData"])).not.toThrow();
    for (const entry of ["ec2:TerminateInstances", "ec2:terminate_instances", "s3:PutObject", "GetObject"]) {
      expect(() => checkAllowOperations([entry])).toThrow(/not a read operation/);
    }
  });

  test("service-scoped denials do not leak to other services", () => {
    expect(ok("lambda", "GetFunction")).toBe(false);
    expect(ok("glue", "GetJob")).toBe(true);
  });
});
