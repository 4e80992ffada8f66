import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { type CannedRule, runScripts, type ScriptRun } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";

/**
 * Every built-in tool's generated script runs as the AWS MCP Server runs it (an async body with
 * call_boto3), here with real boto3 clients inside moto.mock_aws() after seed_moto.py created resources.
 */
const tools = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;

const ARGS: Record<string, Record<string, unknown>> = {
  ec2_describe_instances: { tags: ["env=prod"], states: ["running"] },
  ec2_describe_security_groups: { inbound_cidr: "0.0.0.0/0" },
  ec2_describe_volumes: { status: ["available"] },
  s3_get_bucket_versioning: { buckets: ["ops-secure"] },
  rds_describe_db_snapshots: { snapshot_type: "manual" },
  lambda_get_function_configuration: { function_name: "ops-old" },
  lambda_list_event_source_mappings: { function_name: "ops-old" },
  ecs_describe_services: { cluster: "ops-ecs" },
  ecs_describe_tasks: { cluster: "ops-ecs" },
  eks_describe_nodegroups: { cluster_name: "ops-eks" },
  eks_describe_fargate_profiles: { cluster_name: "ops-eks" },
};

/** moto 5 answers "Not yet implemented" for these operations: they run against canned AWS responses instead. */
const CANNED: Record<string, { args: Record<string, unknown>; rules: CannedRule[] }> = {
  lambda_get_account_settings: {
    args: {},
    rules: [
      {
        operation: "GetAccountSettings",
        response: {
          AccountLimit: {
            TotalCodeSize: 80530636800,
            CodeSizeUnzipped: 262144000,
            ConcurrentExecutions: 1000,
            UnreservedConcurrentExecutions: 995,
          },
          AccountUsage: { TotalCodeSize: 4096, FunctionCount: 2 },
        },
      },
    ],
  },
  eks_describe_addons: {
    args: { cluster_name: "ops-eks" },
    rules: [
      {
        operation: "ListAddons",
        params: { clusterName: "ops-eks" },
        response: { addons: ["vpc-cni", "coredns"] },
      },
      {
        operation: "DescribeAddon",
        params: { addonName: "vpc-cni" },
        response: {
          addon: {
            addonName: "vpc-cni",
            clusterName: "ops-eks",
            addonVersion: "v1.18.1-eksbuild.1",
            status: "ACTIVE",
            health: { issues: [] },
          },
        },
      },
      {
        operation: "DescribeAddon",
        params: { addonName: "coredns" },
        response: {
          addon: {
            addonName: "coredns",
            clusterName: "ops-eks",
            addonVersion: "v1.11.1-eksbuild.4",
            status: "DEGRADED",
            health: { issues: [{ code: "InsufficientNumberOfReplicas" }] },
          },
        },
      },
    ],
  },
};

const items = (run: ScriptRun) => run.result!.items as Array<Record<string, unknown>>;

describe.skipIf(!requirePython(["moto", "boto3"]))("generated scripts against moto", () => {
  const mocked = tools.filter((t) => !(t.name in CANNED));
  const runs = new Map<string, ScriptRun>();

  test("every built-in tool is covered, by moto or canned responses", () => {
    expect([...mocked.map((t) => t.name), ...Object.keys(CANNED)].sort()).toEqual(
      tools.map((t) => t.name).sort(),
    );
    for (const name of Object.keys(ARGS)) expect(tools.map((t) => t.name)).toContain(name);
  });

  test("every script is valid Python, runs against moto and returns {items, truncated, next_token}", () => {
    const scripts = mocked.map((t) => ({ name: t.name, code: t.render(ARGS[t.name] ?? {}, ["us-east-1"]) }));
    const buckets = tools.find((t) => t.name === "s3_list_buckets")!;
    scripts.push({ name: "s3_list_buckets@eu-west-1", code: buckets.render({}, ["eu-west-1"]) });
    for (const run of runScripts({ mode: "moto", scripts })) runs.set(run.name, run);
    for (const tool of mocked) {
      const run = runs.get(tool.name)!;
      expect(`${tool.name}: ${run.ok ? "ok" : run.error}`).toBe(`${tool.name}: ok`);
      expect(Object.keys(run.result!).sort()).toEqual(["items", "next_token", "truncated"]);
      expect(Array.isArray(run.result!.items)).toBe(true);
      expect(run.result!.truncated).toBe(false);
      expect(run.result!.next_token).toBeNull();
      expect(`${tool.name}: ${run.result!.items.length > 0}`).toBe(`${tool.name}: true`);
      expect(run.calls.every((c) => c.service === tool.service && c.region === "us-east-1")).toBe(true);
    }
  }, 120_000);

  test("the results show what the seeded resources are", () => {
    const ec2 = items(runs.get("ec2_describe_instances")!);
    expect(ec2).toHaveLength(2);
    expect(ec2[0]).toMatchObject({ name: "web", type: "t3.micro", state: "running", az: "us-east-1a" });
    expect(String(ec2[0]!.launch_time)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(items(runs.get("ec2_describe_vpcs")!).map((v) => v.cidr)).toContain("10.1.0.0/16");
    expect(items(runs.get("ec2_describe_subnets")!).map((v) => v.cidr)).toContain("10.1.1.0/24");
    const sgs = items(runs.get("ec2_describe_security_groups")!);
    expect(sgs.map((g) => g.name)).toEqual(["open-ssh"]);
    expect(sgs[0]).toMatchObject({
      open_to_world_ipv4: true,
      open_to_world_ipv6: false,
      inbound_from_ports: [22, 443],
      inbound_rules: 2,
      open_rules_ipv6: [],
    });
    // Only the rule open to the world, whole: its protocol, ports and ranges.
    expect(sgs[0]!.open_rules_ipv4).toEqual([
      expect.objectContaining({
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: "0.0.0.0/0" }],
      }),
    ]);
    expect(items(runs.get("ec2_describe_volumes")!)).toEqual([
      expect.objectContaining({ state: "available", attached_to: [], size_gib: 8 }),
    ]);
    expect(items(runs.get("ec2_describe_images")!).map((i) => i.name)).toEqual(["web-image"]);

    expect(items(runs.get("s3_list_buckets")!)).toEqual([
      expect.objectContaining({ name: "ops-plain", region: "us-east-1" }),
      expect.objectContaining({ name: "ops-secure", region: "us-east-1" }),
    ]);
    expect(items(runs.get("s3_list_buckets@eu-west-1")!)).toEqual([
      expect.objectContaining({ name: "ops-eu", region: "eu-west-1" }),
    ]);
    expect(runs.get("s3_list_buckets@eu-west-1")!.calls.map((c) => c.region)).toEqual([
      "eu-west-1",
      "eu-west-1",
    ]);
    expect(items(runs.get("s3_get_bucket_encryption")!).map((b) => b.sse_algorithm)).toEqual([
      [],
      ["aws:kms"],
    ]);
    expect(items(runs.get("s3_get_public_access_block")!).map((b) => b.configured)).toEqual([false, true]);
    expect(items(runs.get("s3_get_bucket_versioning")!)).toEqual([
      { bucket: "ops-secure", status: "Enabled", mfa_delete: null },
    ]);
    expect(items(runs.get("s3_get_bucket_lifecycle")!).map((b) => b.rule_ids)).toEqual([[], ["expire"]]);
    expect(items(runs.get("s3_get_bucket_security")!)[1]).toMatchObject({
      bucket: "ops-secure",
      encryption: ["aws:kms"],
      versioning: "Enabled",
      lifecycle_rule_ids: ["expire"],
    });
    expect(items(runs.get("s3_get_bucket_policy_status")!).map((b) => b.is_public)).toEqual([false, false]);

    expect(items(runs.get("rds_describe_db_instances")!)).toEqual([
      expect.objectContaining({ id: "ops-db", engine: "postgres", class: "db.t3.micro", multi_az: false }),
    ]);
    expect(items(runs.get("rds_describe_db_clusters")!)[0]).toMatchObject({
      id: "ops-aurora",
      engine: "aurora-postgresql",
    });
    expect(items(runs.get("rds_describe_db_snapshots")!).map((s) => s.id)).toEqual(["ops-db-manual"]);

    const fns = items(runs.get("lambda_list_functions")!);
    expect(fns.map((f) => [f.name, f.runtime, f.deprecated_runtime, f.memory_mb, f.timeout_s])).toEqual([
      ["ops-old", "python3.8", true, 256, 30],
      ["ops-new", "python3.12", false, 256, 30],
      ["ops-env", "python3.12", false, 128, 3],
    ]);
    expect(items(runs.get("lambda_get_function_configuration")!)).toEqual([
      expect.objectContaining({ name: "ops-old", handler: "index.handler" }),
    ]);
    expect(items(runs.get("lambda_list_event_source_mappings")!)).toEqual([
      expect.objectContaining({ batch_size: 5, state: "Enabled" }),
    ]);
    expect(items(runs.get("lambda_get_function_concurrency")!)).toEqual([
      { name: "ops-old", reserved_concurrency: null },
      { name: "ops-new", reserved_concurrency: 5 },
      { name: "ops-env", reserved_concurrency: null },
    ]);

    expect(items(runs.get("ecs_describe_clusters")!)).toEqual([
      expect.objectContaining({ name: "ops-ecs", status: "ACTIVE" }),
    ]);
    expect(items(runs.get("ecs_describe_services")!)).toEqual([
      expect.objectContaining({ name: "web", desired: 2 }),
    ]);
    expect(items(runs.get("ecs_describe_tasks")!)).toEqual([
      expect.objectContaining({ launch_type: "FARGATE" }),
    ]);
    expect(items(runs.get("ecs_describe_task_definitions")!)).toEqual([
      expect.objectContaining({ family: "web", revision: 2, images: ["nginx:1.28"] }),
      expect.objectContaining({ family: "worker", revision: 1, images: ["busybox"] }),
    ]);

    expect(items(runs.get("eks_describe_clusters")!)).toEqual([
      expect.objectContaining({ name: "ops-eks", version: "1.30", status: "ACTIVE" }),
    ]);
    expect(items(runs.get("eks_describe_nodegroups")!)).toEqual([
      expect.objectContaining({ name: "ng-1", desired: 2 }),
    ]);
    expect(items(runs.get("eks_describe_fargate_profiles")!)).toEqual([
      expect.objectContaining({ name: "fp-1", namespaces: ["default"] }),
    ]);
  });

  test("operations moto cannot emulate run against canned AWS responses", () => {
    for (const [name, { args, rules }] of Object.entries(CANNED)) {
      const tool = tools.find((t) => t.name === name)!;
      const [run] = runScripts({
        mode: "canned",
        scripts: [{ name, code: tool.render(args, ["us-east-1"]) }],
        canned: rules,
      });
      expect(`${name}: ${run!.ok ? "ok" : run!.error}`).toBe(`${name}: ok`);
      expect(run!.result!.truncated).toBe(false);
      runs.set(name, run!);
    }
    expect(items(runs.get("lambda_get_account_settings")!)).toEqual([
      {
        concurrent_executions: 1000,
        unreserved_concurrency: 995,
        code_size_used_bytes: 4096,
        code_storage_limit_bytes: 80530636800,
        function_count: 2,
      },
    ]);
    expect(items(runs.get("eks_describe_addons")!)).toEqual([
      {
        cluster: "ops-eks",
        name: "vpc-cni",
        version: "v1.18.1-eksbuild.1",
        status: "ACTIVE",
        health_issues: [],
      },
      {
        cluster: "ops-eks",
        name: "coredns",
        version: "v1.11.1-eksbuild.4",
        status: "DEGRADED",
        health_issues: ["InsufficientNumberOfReplicas"],
      },
    ]);
  });
});

/** The tools with a `parent`, the argument naming it, and what moto's seeded parent holds. */
const PARENTS: Array<{ tool: string; arg?: string; first: Record<string, unknown> }> = [
  { tool: "ecs_describe_services", arg: "cluster", first: { name: "web", desired: 2 } },
  { tool: "ecs_describe_tasks", arg: "cluster", first: { launch_type: "FARGATE" } },
  // moto's EKS answers an unknown cluster with a Python KeyError, not ResourceNotFoundException:
  // the named-but-absent case of these two is covered against the sandbox.
  { tool: "eks_describe_nodegroups", first: { name: "ng-1", cluster: "ops-eks" } },
  { tool: "eks_describe_fargate_profiles", first: { name: "fp-1", cluster: "ops-eks" } },
];

describe.skipIf(!requirePython(["moto", "boto3"]))("tools with a parent against moto", () => {
  test("without the parent argument they list the clusters; a missing named one answers not_found", () => {
    const scripts = PARENTS.flatMap(({ tool, arg }) => {
      const t = tools.find((x) => x.name === tool)!;
      return [
        { name: `${tool} all`, code: t.render({}, ["us-east-1"]) },
        ...(arg ? [{ name: `${tool} nowhere`, code: t.render({ [arg]: "nowhere" }, ["us-east-1"]) }] : []),
      ];
    });
    const runs = new Map(runScripts({ mode: "moto", scripts }).map((r) => [r.name, r]));
    for (const { tool, arg, first } of PARENTS) {
      const all = runs.get(`${tool} all`)!;
      expect(`${tool}: ${all.ok ? "ok" : all.error}`).toBe(`${tool}: ok`);
      expect(all.calls[0]!.operation).toBe("ListClusters");
      expect(items(all)).toEqual([expect.objectContaining(first)]);
      expect(String(items(all)[0]!.cluster)).toMatch(/ops-(ecs|eks)$/);
      if (!arg) continue;
      const nowhere = runs.get(`${tool} nowhere`)!;
      expect(`${tool}: ${nowhere.ok ? "ok" : nowhere.error}`).toBe(`${tool}: ok`);
      expect(nowhere.result).toMatchObject({
        items: [],
        truncated: false,
        not_found: { param: "cluster", value: "nowhere", code: "ClusterNotFoundException" },
      });
      expect(nowhere.calls.map((c) => c.operation)).toEqual([nowhere.calls[0]!.operation]);
    }
  }, 120_000);

  test("eks_describe_addons (moto has no ListAddons) lists the clusters too, against canned responses", () => {
    const tool = tools.find((t) => t.name === "eks_describe_addons")!;
    const rules: CannedRule[] = [
      { operation: "ListClusters", response: { clusters: ["a", "b"] } },
      { operation: "ListAddons", params: { clusterName: "a" }, response: { addons: ["vpc-cni"] } },
      { operation: "ListAddons", params: { clusterName: "b" }, error: "ResourceNotFoundException" },
      {
        operation: "DescribeAddon",
        params: { clusterName: "a", addonName: "vpc-cni" },
        response: { addon: { addonName: "vpc-cni", clusterName: "a", addonVersion: "v1", status: "ACTIVE" } },
      },
    ];
    const [run] = runScripts({
      mode: "canned",
      scripts: [{ name: "addons", code: tool.render({}, ["us-east-1"]) }],
      canned: rules,
    });
    expect(run!.result).toEqual({
      items: [{ cluster: "a", name: "vpc-cni", version: "v1", status: "ACTIVE", health_issues: null }],
      truncated: false,
      next_token: null,
    });
  });
});
