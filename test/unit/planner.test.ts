import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { type Plan, planQuestion } from "../../src/planner/plan.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { sandboxAccounts } from "../../src/sandbox/org.ts";
import { listAccountsSpec } from "../../src/tools/specs.ts";
import type { ToolSpec } from "../../src/tools/types.ts";

// The model-free planner against the real built-in tool specs and the sandbox organization.
const plugins = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
const tools: ToolSpec[] = [
  listAccountsSpec,
  ...plugins.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
];
const accounts = sandboxAccounts();
const plan = (q: string) => planQuestion(q, { tools, accounts });

interface Row {
  q: string;
  tool: string;
  accounts?: string[];
  regions?: string[];
  args?: Record<string, unknown>;
  /** Labels of the client-side filters. */
  filters?: string[];
  expand?: string;
}

// biome-ignore format: one phrasing per line reads as a table
const TABLE: Row[] = [
  // The registry
  { q: "which accounts are in the organization?", tool: "list_accounts", accounts: ["all"] },
  // EC2
  { q: "list running EC2 instances in production", tool: "ec2_describe_instances", accounts: ["production"], args: { states: ["running"] } },
  { q: "Which instances are stopped in prod and staging?", tool: "ec2_describe_instances", accounts: ["production", "staging"], args: { states: ["stopped"] } },
  { q: "servers with a public IP in dev", tool: "ec2_describe_instances", accounts: ["development"], filters: ["public_ip present"] },
  { q: "show instance i-0a10c0ffee0000001", tool: "ec2_describe_instances", accounts: ["all"], args: { instance_ids: ["i-0a10c0ffee0000001"] } },
  { q: "security groups open to the world on SSH", tool: "ec2_describe_security_groups", args: { inbound_cidr: "0.0.0.0/0", inbound_port: 22 } },
  { q: "which SGs allow RDP from 0.0.0.0/0 in all accounts?", tool: "ec2_describe_security_groups", accounts: ["all"], args: { inbound_cidr: "0.0.0.0/0", inbound_port: 3389 } },
  { q: "unattached EBS volumes everywhere", tool: "ec2_describe_volumes", accounts: ["all"], args: { status: ["available"] } },
  { q: "unencrypted volumes in the data account", tool: "ec2_describe_volumes", accounts: ["data"], args: { encrypted: false } },
  { q: "AMIs owned by development", tool: "ec2_describe_images", accounts: ["development"] },
  { q: "list VPCs in us-west-2", tool: "ec2_describe_vpcs", regions: ["us-west-2"] },
  { q: "subnets in staging eu-west-1", tool: "ec2_describe_subnets", accounts: ["staging"], regions: ["eu-west-1"] },
  // S3
  { q: "which S3 buckets are public?", tool: "s3_get_bucket_policy_status", accounts: ["all"], filters: ["is_public = true"] },
  { q: "unencrypted buckets in production", tool: "s3_get_bucket_encryption", accounts: ["production"], filters: ["no default encryption"] },
  { q: "buckets without versioning in stage", tool: "s3_get_bucket_versioning", accounts: ["staging"], filters: ["status ≠ Enabled"] },
  { q: "S3 buckets with no lifecycle rules", tool: "s3_get_bucket_lifecycle", filters: ["rule_count = 0"] },
  { q: "buckets without a public access block in dev", tool: "s3_get_public_access_block", accounts: ["development"], filters: ["configured = false"] },
  { q: "list all S3 buckets of the data account", tool: "s3_list_buckets", accounts: ["data"] },
  // RDS
  { q: "RDS instances without Multi-AZ in all accounts", tool: "rds_describe_db_instances", accounts: ["all"], filters: ["multi_az = false"] },
  { q: "publicly accessible databases", tool: "rds_describe_db_instances", filters: ["publicly_accessible = true"] },
  { q: "unencrypted postgres databases in prod", tool: "rds_describe_db_instances", accounts: ["production"], args: { engines: ["postgres"] }, filters: ["storage_encrypted = false"] },
  { q: "Aurora clusters in production", tool: "rds_describe_db_clusters", accounts: ["production"] },
  { q: "manual RDS snapshots in staging and dev", tool: "rds_describe_db_snapshots", accounts: ["staging", "development"], args: { snapshot_type: "manual" } },
  // Lambda
  { q: "Lambda functions on deprecated runtimes", tool: "lambda_list_functions", filters: ["deprecated_runtime = true"] },
  { q: "which lambdas in 845678901234 use end-of-life runtimes?", tool: "lambda_list_functions", accounts: ["data"], filters: ["deprecated_runtime = true"] },
  { q: "event source mappings of function orders-webhook in prod", tool: "lambda_list_event_source_mappings", accounts: ["production"], args: { function_name: "orders-webhook" } },
  { q: "reserved concurrency per function in production", tool: "lambda_get_function_concurrency", accounts: ["production"] },
  // ECS
  { q: "ECS services with fewer running than desired tasks", tool: "ecs_describe_services", filters: ["running < desired"], expand: "ecs_describe_clusters" },
  { q: "services in cluster prod-web", tool: "ecs_describe_services", args: { cluster: "prod-web" } },
  { q: "running tasks in the prod-web cluster", tool: "ecs_describe_tasks", args: { cluster: "prod-web", desired_status: "RUNNING" } },
  { q: "ECS clusters in staging", tool: "ecs_describe_clusters", accounts: ["staging"] },
  { q: "task definitions in production", tool: "ecs_describe_task_definitions", accounts: ["production"] },
  // EKS
  { q: "EKS clusters with a public endpoint", tool: "eks_describe_clusters", filters: ["endpoint_public = true"] },
  { q: "kubernetes clusters on old versions in dev", tool: "eks_describe_clusters", accounts: ["development"], filters: ["version < 1.30"] },
  { q: "node groups of cluster dev-legacy", tool: "eks_describe_nodegroups", args: { cluster_name: "dev-legacy" } },
  { q: "degraded EKS add-ons", tool: "eks_describe_addons", filters: ["status = DEGRADED"], expand: "eks_describe_clusters" },
  { q: "fargate profiles in env:development", tool: "eks_describe_fargate_profiles", accounts: ["env:development"], expand: "eks_describe_clusters" },
];

describe("planner: inventory questions → one tool, accounts, filters", () => {
  test.each(TABLE.map((r) => [r.q, r] as const))("%s", (_q, row) => {
    const result = plan(row.q);
    expect("tool" in result).toBe(true);
    const p = result as Plan;
    expect(p.tool).toBe(row.tool);
    expect(p.accounts).toEqual(row.accounts ?? ["all"]);
    expect(p.regions).toEqual(row.regions ?? []);
    expect(p.args).toEqual(row.args ?? {});
    expect(p.filters.map((f) => f.label)).toEqual(row.filters ?? []);
    expect(p.expand?.from).toBe(row.expand as string);
    expect(p.explanation).toContain(`Model-free planner (no model involved) chose the tool ${row.tool}`);
    for (const f of p.filters) expect(p.explanation).toContain(f.label);
  });

  test("the table covers the six services (and the registry) with at least 25 phrasings", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
    expect(new Set(TABLE.map((r) => r.tool.split("_")[0]))).toEqual(
      new Set(["list", "ec2", "s3", "rds", "lambda", "ecs", "eks"]),
    );
  });

  test("every planned argument is valid for the tool's input schema", () => {
    for (const row of TABLE) {
      const p = plan(row.q) as Plan;
      const props = (tools.find((t) => t.name === p.tool)?.inputSchema.properties ?? {}) as Record<
        string,
        unknown
      >;
      for (const key of Object.keys(p.args))
        expect(`${p.tool}.${key}: ${key in props}`).toBe(`${p.tool}.${key}: true`);
    }
  });
});

describe("planner: read-only and unmappable", () => {
  test.each([
    ["terminate instance i-0a10c0ffee0000007", "terminate"],
    ["delete the bucket acme-dev-scratch", "delete"],
    ["stop all instances in dev", "stop"],
    ["please reboot prod-web-1", "reboot"],
    ["create an S3 bucket in staging", "create"],
    ["modify the security group sg-0d3000000000000a4 to close port 22", "modify"],
    ["scale the checkout service to 6 tasks", "scale"],
    ["put a lifecycle rule on acme-legacy-exports", "put"],
    ["Shut down the GPU instance", "shut down"],
    ["upgrade dev-legacy to 1.31", "upgrade"],
  ])("%s → refused", (q, verb) => {
    const result = plan(q);
    expect(result).toEqual({
      refused: "read-only",
      message: expect.stringContaining(`read-only: it will not ${verb}`),
    });
  });

  test("states that look like verbs are not refused", () => {
    expect("tool" in plan("stopped instances in prod")).toBe(true);
    expect("tool" in plan("unencrypted buckets")).toBe(true);
  });

  test("a question about nothing the tools cover is unmapped, and says so", () => {
    const result = plan("what is the weather in Dublin tomorrow?");
    expect(result).toMatchObject({ unmapped: true });
    expect((result as { message: string }).message).toContain(
      "model-free planner could not map this question",
    );
  });

  test("“clusters” alone is ambiguous and asked back", () => {
    const result = plan("list all clusters in production");
    expect(result).toMatchObject({ unmapped: true, message: expect.stringContaining("ECS, EKS or RDS") });
  });

  test("common words only name an account in account context", () => {
    expect((plan("RDS instances that store customer data") as Plan).accounts).toEqual(["all"]);
    expect((plan("RDS instances in data") as Plan).accounts).toEqual(["data"]);
  });
});
