import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { extractSpec } from "../../src/sandbox/extract-spec.ts";
import { runSpec } from "../../src/sandbox/run-spec.ts";
import { type CannedRule, runScripts, type ScriptRun } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";

const tools = loadPlugins({
  dirs: [join(import.meta.dir, "../fixtures/plugins/parity")],
  allowOperations: [],
  logger: silentLogger,
}).tools;

/** The same canned `call_boto3` as run_script.py: first rule whose operation matches and params are a subset. */
function cannedCall(rules: CannedRule[], calls: ScriptRun["calls"]) {
  return async (service: string, operation: string, region: string, params: Record<string, unknown>) => {
    calls.push({ service, operation, region, params: structuredClone(params) });
    const rule = rules.find(
      (r) =>
        r.operation === operation &&
        Object.entries(r.params ?? {}).every(
          ([k, v]) => Object.hasOwn(params, k) && Bun.deepEquals(params[k], v),
        ),
    );
    if (!rule) throw Object.assign(new Error("NoCannedResponse"), { code: "NoCannedResponse" });
    if (rule.error) throw Object.assign(new Error(rule.error), { code: rule.error });
    return structuredClone(rule.response);
  };
}

const instance = (id: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  State: { Name: "running" },
  Tags: [
    { Key: "Name", Value: `n-${id}` },
    { Key: "team", Value: id.endsWith("1") || id.endsWith("4") ? "red" : "blue" },
  ],
  SecurityGroups: [{ GroupId: `sg-${id}` }, { GroupId: "sg-shared" }],
  InstanceType: id === "i-2" ? "t2.micro" : "t3.small",
  Rules: [{ Cidrs: ["10.0.0.0/8"] }, { Cidrs: id === "i-3" ? ["0.0.0.0/0"] : [] }],
  ...extra,
});

const EC2_PAGES: CannedRule[] = [
  {
    operation: "DescribeInstances",
    params: { NextToken: "t1" },
    response: {
      Reservations: [{ Instances: [instance("i-3"), instance("i-4", { Flag: true })] }],
      NextToken: "t2",
    },
  },
  {
    operation: "DescribeInstances",
    params: { NextToken: "t2" },
    response: { Reservations: [{ Instances: [instance("i-5", { Flag: 1 })] }], NextToken: "t3" },
  },
  {
    operation: "DescribeInstances",
    params: { NextToken: "t3" },
    response: { Reservations: [{ Instances: [instance("i-6")] }] },
  },
  {
    operation: "DescribeInstances",
    response: {
      Reservations: [
        { Instances: [instance("i-1", { PublicIpAddress: "1.2.3.4" }), instance("i-2")] },
        { Instances: [] },
      ],
      NextToken: "t1",
    },
  },
];

const OTHER_PAGES: CannedRule[] = [
  {
    operation: "ListServices",
    params: { nextToken: "n1" },
    response: { serviceArns: ["arn:c"], nextToken: "" },
  },
  { operation: "ListServices", response: { serviceArns: ["arn:a", "arn:b"], nextToken: "n1" } },
  {
    operation: "DescribeServices",
    params: { services: ["arn:a", "arn:b"] },
    response: {
      services: [
        { serviceName: "a", desiredCount: 1 },
        { serviceName: "b", desiredCount: 2 },
      ],
    },
  },
  {
    operation: "DescribeServices",
    params: { services: ["arn:c"] },
    response: { services: [{ serviceName: "c", desiredCount: 0 }] },
  },
  { operation: "ListTaskDefinitionFamilies", response: { families: ["web", "gone"] } },
  {
    operation: "DescribeTaskDefinition",
    params: { taskDefinition: "web" },
    response: {
      taskDefinition: {
        family: "web",
        revision: 7,
        containerDefinitions: [{ image: "nginx" }, { image: "envoy" }],
      },
    },
  },
  { operation: "DescribeTaskDefinition", params: { taskDefinition: "gone" }, response: {} },
  {
    operation: "ListBuckets",
    response: { Buckets: [{ Name: "enc" }, { Name: "plain" }, { Name: "locked" }] },
  },
  {
    operation: "GetBucketEncryption",
    params: { Bucket: "enc" },
    response: {
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    },
  },
  {
    operation: "GetBucketEncryption",
    params: { Bucket: "plain" },
    error: "ServerSideEncryptionConfigurationNotFoundError",
  },
  { operation: "GetBucketEncryption", params: { Bucket: "locked" }, error: "AccessDenied" },
  { operation: "GetBucketVersioning", params: { Bucket: "enc" }, response: { Status: "Enabled" } },
  { operation: "GetBucketVersioning", params: { Bucket: "plain" }, response: {} },
  { operation: "GetBucketVersioning", params: { Bucket: "locked" }, error: "AccessDenied" },
];

const CASES: Array<{ name: string; tool: string; args: Record<string, unknown>; canned: CannedRule[] }> = [
  {
    name: "max_items cuts mid-page",
    tool: "ec2_parity_instances",
    args: { states: ["running"] },
    canned: EC2_PAGES,
  },
  {
    name: "where filters pages; max_pages stops",
    tool: "ec2_parity_instances",
    args: { teams: ["red"] },
    canned: EC2_PAGES,
  },
  {
    name: "where keeps nothing",
    tool: "ec2_parity_instances",
    args: { teams: ["green"] },
    canned: EC2_PAGES,
  },
  { name: "batched follow-up", tool: "ecs_parity_services", args: { cluster: "prod" }, canned: OTHER_PAGES },
  {
    name: "per-item follow-up replacing items",
    tool: "ecs_parity_definitions",
    args: {},
    canned: OTHER_PAGES,
  },
  {
    name: "per-item follow-up with errors as values, then an unmapped error",
    tool: "s3_parity_buckets",
    args: {},
    canned: OTHER_PAGES,
  },
];

describe("template.py and runSpec agree", () => {
  test.skipIf(!requirePython())(
    "same results, same calls, same failures",
    async () => {
      const scripts = CASES.map((c) => ({
        name: c.name,
        code: tools.find((t) => t.name === c.tool)!.render(c.args, ["eu-central-1"]),
      }));
      const python = CASES.map(
        (c, i) => runScripts({ mode: "canned", scripts: [scripts[i]!], canned: c.canned })[0]!,
      );
      for (const [i, c] of CASES.entries()) {
        const calls: ScriptRun["calls"] = [];
        const ts = await runSpec(extractSpec(scripts[i]!.code), cannedCall(c.canned, calls));
        const py = python[i]!;
        expect({ case: c.name, answer: ts }).toEqual({ case: c.name, answer: py.answer as typeof ts });
        expect(calls).toEqual(py.calls);
      }
      // The cases check what they claim, not just agreement.
      const [cut, filtered, none, batched, replaced, failed] = python;
      expect(cut!.result).toMatchObject({ truncated: true, next_token: "t2" });
      expect(cut!.result!.items.map((i) => (i as { id: string }).id)).toEqual(["i-1", "i-2", "i-3"]);
      expect(cut!.result!.items[0]).toMatchObject({
        name: "n-i-1",
        missing_tag: null,
        sg_ids: ["sg-i-1", "sg-shared"],
        has_ip: true,
        ip: "1.2.3.4",
        rule_count: 2,
        old_type: false,
      });
      expect(cut!.result!.items[1]).toMatchObject({
        has_ip: false,
        ip: "none",
        old_type: true,
        open: false,
        open_rules: [],
      });
      expect(cut!.result!.items[2]).toMatchObject({ open: true, open_rules: [{ Cidrs: ["0.0.0.0/0"] }] });
      expect(cut!.calls[0]!.params).toEqual({
        DryRun: false,
        Filters: [{ Name: "instance-state-name", Values: ["running"] }],
        MaxResults: 5,
      });
      expect(filtered!.result).toMatchObject({ truncated: true, next_token: "t3" });
      expect(filtered!.result!.items.map((i) => (i as { id: string }).id)).toEqual(["i-1", "i-4"]);
      expect(filtered!.result!.items.map((i) => (i as { flag_is_one: boolean }).flag_is_one)).toEqual([
        false,
        false,
      ]);
      expect(filtered!.calls).toHaveLength(3);
      expect(none!.result).toEqual({ items: [], truncated: true, next_token: "t3" });
      expect(batched!.result).toEqual({
        items: [
          { name: "a", desired: 1 },
          { name: "b", desired: 2 },
          { name: "c", desired: 0 },
        ],
        truncated: false,
        next_token: null,
      });
      expect(batched!.calls[2]!.params).toEqual({
        include: ["TAGS"],
        cluster: "prod",
        services: ["arn:a", "arn:b"],
      });
      expect(replaced!.result!.items).toEqual([
        { family: "web", revision: 7, images: ["nginx", "envoy"] },
        { family: null, revision: null, images: [] },
      ]);
      expect(failed!.ok).toBe(false);
      expect(failed!.error).toStartWith("AccessDenied:");
      expect(failed!.calls.map((c) => c.operation)).toEqual([
        "ListBuckets",
        ...Array(3).fill("GetBucketEncryption"),
        ...Array(3).fill("GetBucketVersioning"),
      ]);
    },
    60_000,
  );

  test.skipIf(!requirePython())(
    "errors mapped in on_error become values",
    async () => {
      const canned = OTHER_PAGES.filter((r) => !(r.operation === "GetBucketVersioning" && r.error));
      canned.push({
        operation: "GetBucketVersioning",
        params: { Bucket: "locked" },
        response: { Status: "Suspended" },
      });
      const code = tools.find((t) => t.name === "s3_parity_buckets")!.render({}, ["us-east-1"]);
      const [py] = runScripts({ mode: "canned", scripts: [{ name: "s3", code }], canned });
      const ts = await runSpec(extractSpec(code), cannedCall(canned, []));
      expect(py!.result).toEqual({
        items: [
          { bucket: "enc", sse: ["AES256"], versioning: "Enabled" },
          { bucket: "plain", sse: [], versioning: null },
          { bucket: "locked", sse: "denied", versioning: "Suspended" },
        ],
        truncated: false,
        next_token: null,
      });
      expect(ts).toEqual(py!.answer as typeof ts);
    },
    60_000,
  );
});

const svc = (cluster: string, name: string) => ({ clusterArn: cluster, serviceName: name });

/** Clusters on two pages; one vanishes after the listing, one has more services than the budget left. */
const PARENT_PAGES: CannedRule[] = [
  { operation: "ListClusters", params: { nextToken: "p1" }, response: { clusterArns: ["gone", "c3"] } },
  { operation: "ListClusters", response: { clusterArns: ["c1", "c2"], nextToken: "p1" } },
  { operation: "ListServices", params: { cluster: "c1" }, response: { serviceArns: ["arn:1a", "arn:1b"] } },
  { operation: "ListServices", params: { cluster: "c2" }, response: { serviceArns: [] } },
  {
    operation: "ListServices",
    params: { cluster: "c3" },
    response: { serviceArns: ["arn:3a", "arn:3b", "arn:3c"] },
  },
  { operation: "ListServices", params: { cluster: "denied" }, error: "AccessDeniedException" },
  { operation: "ListServices", error: "ClusterNotFoundException" },
  {
    operation: "DescribeServices",
    params: { cluster: "c1", services: ["arn:1a", "arn:1b"] },
    response: { services: [svc("c1", "1a"), svc("c1", "1b")] },
  },
  {
    operation: "DescribeServices",
    params: { cluster: "c3", services: ["arn:3a", "arn:3b"] },
    response: { services: [svc("c3", "3a"), svc("c3", "3b")] },
  },
];

const PARENT_CASES: Array<{ name: string; args: Record<string, unknown>; canned: CannedRule[] }> = [
  { name: "every parent, a vanished one skipped, the budget cut", args: {}, canned: PARENT_PAGES },
  { name: "a named parent", args: { cluster: "c1" }, canned: PARENT_PAGES },
  { name: "a named parent that is not there", args: { cluster: "nowhere" }, canned: PARENT_PAGES },
  { name: "a named parent denied", args: { cluster: "denied" }, canned: PARENT_PAGES },
  {
    name: "more parents than the cap",
    args: {},
    canned: [
      { operation: "ListClusters", response: { clusterArns: ["c2", "c2", "c2", "c2", "c2"] } },
      ...PARENT_PAGES,
    ],
  },
  {
    name: "a listed parent denied fails the region",
    args: {},
    canned: [
      { operation: "ListClusters", response: { clusterArns: ["c2", "denied", "c1"] } },
      ...PARENT_PAGES,
    ],
  },
];

describe("template.py and runSpec agree on parents", () => {
  test.skipIf(!requirePython())(
    "listed when not named, not_found when named and absent",
    async () => {
      const tool = tools.find((t) => t.name === "ecs_parity_cluster_services")!;
      const scripts = PARENT_CASES.map((c) => ({ name: c.name, code: tool.render(c.args, ["eu-west-1"]) }));
      const python = PARENT_CASES.map(
        (c, i) => runScripts({ mode: "canned", scripts: [scripts[i]!], canned: c.canned })[0]!,
      );
      for (const [i, c] of PARENT_CASES.entries()) {
        const calls: ScriptRun["calls"] = [];
        const ts = await runSpec(extractSpec(scripts[i]!.code), cannedCall(c.canned, calls));
        expect({ case: c.name, answer: ts }).toEqual({
          case: c.name,
          answer: python[i]!.answer as typeof ts,
        });
        expect(calls).toEqual(python[i]!.calls);
      }
      const [all, named, absent, denied, capped, failed] = python;
      expect(all!.result).toEqual({
        items: [svc("c1", "1a"), svc("c1", "1b"), svc("c3", "3a"), svc("c3", "3b")].map((s) => ({
          cluster: s.clusterArn,
          name: s.serviceName,
        })),
        truncated: true,
        next_token: null,
      });
      expect(all!.calls.map((x) => `${x.operation}(${String(x.params.cluster ?? "")})`)).toEqual([
        "ListClusters()",
        "ListClusters()",
        "ListServices(c1)",
        "DescribeServices(c1)",
        "ListServices(c2)",
        "ListServices(gone)",
        "ListServices(c3)",
        "DescribeServices(c3)",
      ]);
      expect(named!.result).toMatchObject({ items: [{ name: "1a" }, { name: "1b" }], truncated: false });
      expect(named!.calls[0]!.operation).toBe("ListServices");
      expect(absent!.result).toEqual({
        items: [],
        truncated: false,
        next_token: null,
        not_found: {
          param: "cluster",
          value: "nowhere",
          code: "ClusterNotFoundException",
          message: "ClusterNotFoundException",
        },
      });
      expect(denied!.ok).toBe(false);
      expect(denied!.error).toStartWith("AccessDeniedException:");
      expect(capped!.result).toEqual({ items: [], truncated: true, next_token: null });
      expect(capped!.calls.filter((x) => x.operation === "ListServices")).toHaveLength(4);
      expect(failed!.ok).toBe(false);
      expect(failed!.error).toStartWith("AccessDeniedException:");
    },
    60_000,
  );
});
