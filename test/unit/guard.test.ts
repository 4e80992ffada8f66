import { describe, expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { assertReadOnly, checkOperation } from "../../src/plugins/guard.ts";

const ok = (service: string, op: string, allow: string[] = []) => checkOperation(service, op, allow).ok;

describe("read-only guard", () => {
  test("read verbs pass", () => {
    for (const [service, op] of [
      ["ec2", "DescribeInstances"],
      ["s3", "ListBuckets"],
      ["s3", "GetBucketEncryption"],
      ["s3", "HeadBucket"],
      ["resource-explorer-2", "Search"],
      ["cloudtrail", "LookupEvents"],
      ["dynamodb", "BatchGetTable"],
      ["lambda", "GetFunctionConfiguration"],
      ["secretsmanager", "ListSecrets"],
      ["sts", "GetCallerIdentity"],
    ]) {
      expect(`${service}:${op} ${ok(service!, op!)}`).toBe(`${service}:${op} true`);
    }
  });

  test("verbs must be whole words: Getaway, Listen, Describer are unknown and refused", () => {
    expect(ok("x", "Getaway")).toBe(false);
    expect(ok("x", "Listen")).toBe(false);
    expect(ok("x", "Get")).toBe(true);
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

  test("only an exact service:Operation setting widens it", () => {
    expect(ok("s3", "GetObject")).toBe(false);
    expect(ok("s3", "GetObject", ["s3:GetObject"])).toBe(true);
    expect(ok("s3", "GetObject", ["ec2:GetObject"])).toBe(false);
    expect(ok("s3", "GetObject", ["s3:*"])).toBe(false);
    expect(ok("s3", "GetObject", ["GetObject"])).toBe(false);
    expect(ok("ec2", "StopInstances", ["ec2:StopInstances"])).toBe(true);
  });

  test("service-scoped denials do not leak to other services", () => {
    expect(ok("lambda", "GetFunction")).toBe(false);
    expect(ok("glue", "GetFunction")).toBe(true);
  });
});
