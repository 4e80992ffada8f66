import { describe, expect, test } from "bun:test";
import { builtinCatalogue } from "../../src/catalogue/builtin.ts";
import { elementOf, walkOutput } from "../../src/catalogue/output-paths.ts";

const catalogue = builtinCatalogue();
const ec2 = catalogue.service("ec2")!;
const out = (service: string, op: string) => catalogue.service(service)!.ops[op]!.out!;

describe("output paths over the catalogue's output shapes (template.py _walk semantics)", () => {
  test("allowed operations record an output shape; denied ones do not", () => {
    expect(out("ec2", "DescribeInstances")).toBe("DescribeInstancesResult");
    expect(ec2.ops.TerminateInstances!.out).toBeUndefined();
    expect(ec2.shapes.Instance!.m!.InstanceId).toBe("#string");
  });

  test("projections yield lists, flattened across nested []", () => {
    const root = out("ec2", "DescribeInstances");
    const flat = walkOutput(ec2, root, "Reservations[].Instances[]");
    expect(flat).toEqual({ ok: true, type: { list: "Instance" } });
    const nested = walkOutput(ec2, root, "Reservations[].Instances");
    expect(nested).toEqual({ ok: true, type: { list: "InstanceList" } });
    expect(elementOf(ec2, { list: "Instance" })).toBe("Instance");
    expect(elementOf(ec2, "ReservationList")).toBe("Reservation");
    expect(elementOf(ec2, "Instance")).toBe("Instance");
  });

  test("members, tags, @ and ResponseMetadata resolve; a map accepts any key", () => {
    const ok = (from: string, path: string, service = ec2) => walkOutput(service, from, path).ok;
    expect(ok("Instance", "MetadataOptions.HttpTokens")).toBe(true);
    expect(ok("Instance", "tag:Name")).toBe(true);
    expect(ok("Instance", "SecurityGroups[].GroupId")).toBe(true);
    expect(ok("Instance", "@")).toBe(true);
    expect(walkOutput(ec2, out("ec2", "DescribeInstances"), "ResponseMetadata.RequestId", true).ok).toBe(
      true,
    );
    const lambda = catalogue.service("lambda")!;
    expect(ok("FunctionConfiguration", "Environment.Variables.ANY_NAME", lambda)).toBe(true);
  });

  test("each mistake is named: member (did you mean), list without [], [] on a scalar, step into a scalar", () => {
    const problem = (path: string) => {
      const walked = walkOutput(ec2, "Instance", path);
      return walked.ok ? "accepted" : walked.problem;
    };
    expect(problem("instanceId")).toBe('Instance has no member "instanceId" (did you mean InstanceId?)');
    expect(problem("SecurityGroups.GroupId")).toBe(
      '"GroupId" is read from a list: write "SecurityGroups[]" to look inside each element',
    );
    expect(problem("InstanceType[]")).toContain('"InstanceType" is a string, not a list');
    expect(problem("LaunchTime.Year")).toBe('"Year" is read from a timestamp, which has no members');
    expect(problem("ResponseMetadata")).toContain("has no member");
  });
});
