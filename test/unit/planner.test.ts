import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { type Plan, type PlanResult, planQuestion } from "../../src/planner/plan.ts";
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
const plan = (q: string, previous?: Plan) => planQuestion(q, { tools, accounts, previous });

interface Row {
  q: string;
  tool: string;
  accounts?: string[];
  regions?: string[];
  args?: Record<string, unknown>;
  /** Labels of the client-side filters. */
  filters?: string[];
  /** `count` alone, or `count per <group>…`. */
  counted?: string;
  /** Named in the answer as not applied. */
  notes?: number;
}

// biome-ignore format: one phrasing per line reads as a table
const ANSWERED: Row[] = [
  // The registry
  { q: "which accounts are in the organization?", tool: "list_accounts" },
  { q: "which accounts are production?", tool: "list_accounts", filters: ["name in production"] },
  { q: "which regions is production in?", tool: "list_accounts", filters: ["name in production"] },
  { q: "which account is 845678901234?", tool: "list_accounts", filters: ["name in data"] },
  { q: "list the accounts in env:staging", tool: "list_accounts", filters: ["name in staging"] },
  // EC2 instances: states, tags, types, ids, names
  { q: "list running EC2 instances in production", tool: "ec2_describe_instances", accounts: ["production"], args: { states: ["running"] } },
  { q: "Which instances are stopped in prod and staging?", tool: "ec2_describe_instances", accounts: ["production", "staging"], args: { states: ["stopped"] } },
  { q: "stopped or running instances in prod", tool: "ec2_describe_instances", accounts: ["production"], args: { states: ["running", "stopped"] } },
  { q: "public and private buckets", tool: "s3_get_bucket_policy_status", filters: ["is_public in false,true"] },
  { q: "instances that aren't running", tool: "ec2_describe_instances", args: { states: ["pending", "shutting-down", "terminated", "stopping", "stopped"] } },
  { q: "servers with a public IP in dev", tool: "ec2_describe_instances", accounts: ["development"], filters: ["public_ip present"] },
  { q: "instances without a public IP", tool: "ec2_describe_instances", filters: ["not (public_ip present)"] },
  { q: "show instance i-0a10c0ffee0000001", tool: "ec2_describe_instances", args: { instance_ids: ["i-0a10c0ffee0000001"] } },
  { q: "instances tagged env=prod", tool: "ec2_describe_instances", args: { tags: ["env=prod"] } },
  { q: "EC2 instances with tag Team=web in production", tool: "ec2_describe_instances", accounts: ["production"], args: { tags: ["Team=web"] } },
  { q: "instances of type m6i.large in prod", tool: "ec2_describe_instances", accounts: ["production"], args: { instance_types: ["m6i.large"] } },
  { q: "t3 instances in staging", tool: "ec2_describe_instances", accounts: ["staging"], filters: ["type starts with t3."] },
  { q: "instance prod-web-1", tool: "ec2_describe_instances", filters: ["name = prod-web-1"] },
  { q: "what is the instance type of prod-web-1?", tool: "ec2_describe_instances", filters: ["name = prod-web-1"] },
  { q: "which instances have no public ip in prod?", tool: "ec2_describe_instances", accounts: ["production"], filters: ["not (public_ip present)"] },
  { q: "EC2 instances in vpc-0a10000000000e001", tool: "ec2_describe_instances", filters: ["vpc_id = vpc-0a10000000000e001"] },
  { q: "what's the start time of my instances", tool: "ec2_describe_instances" },
  { q: "launch time of running servers in us-east-1", tool: "ec2_describe_instances", regions: ["us-east-1"], args: { states: ["running"] } },
  { q: "instances not in production", tool: "ec2_describe_instances", accounts: ["staging", "development", "data"] },
  { q: "running instances in all accounts except staging and dev", tool: "ec2_describe_instances", accounts: ["production", "data"], args: { states: ["running"] } },
  { q: "instances in every region of staging", tool: "ec2_describe_instances", accounts: ["staging"], regions: ["all"] },
  { q: "lambdas in all enabled regions of production", tool: "lambda_list_functions", accounts: ["production"], regions: ["all"] },
  { q: "buckets in ap-southeast-5", tool: "s3_list_buckets", regions: ["ap-southeast-5"] },
  { q: "EC2 instances sorted by launch time", tool: "ec2_describe_instances", notes: 1 },
  // EC2 network and storage
  { q: "security groups open to the world on SSH", tool: "ec2_describe_security_groups", args: { inbound_cidr: "0.0.0.0/0", inbound_port: 22 } },
  { q: "which SGs allow RDP from 0.0.0.0/0 in all accounts?", tool: "ec2_describe_security_groups", args: { inbound_cidr: "0.0.0.0/0", inbound_port: 3389 } },
  { q: "security groups open on port 443", tool: "ec2_describe_security_groups", args: { inbound_cidr: "0.0.0.0/0", inbound_port: 443 } },
  { q: "security groups in vpc-0a10000000000e001", tool: "ec2_describe_security_groups", args: { vpc_id: "vpc-0a10000000000e001" } },
  { q: "security groups with inbound rules from 10.0.0.0/8", tool: "ec2_describe_security_groups", args: { inbound_cidr: "10.0.0.0/8" } },
  { q: "unattached EBS volumes everywhere", tool: "ec2_describe_volumes", args: { status: ["available"] } },
  { q: "unencrypted volumes in the data account", tool: "ec2_describe_volumes", accounts: ["data"], args: { encrypted: false } },
  { q: "encrypted EBS volumes in production", tool: "ec2_describe_volumes", accounts: ["production"], args: { encrypted: true } },
  { q: "volumes attached to i-0a10c0ffee0000001", tool: "ec2_describe_volumes", args: { status: ["in-use"] }, filters: ["attached_to contains i-0a10c0ffee0000001"] },
  { q: "AMIs owned by development", tool: "ec2_describe_images", accounts: ["development"] },
  { q: "public AMIs", tool: "ec2_describe_images", filters: ["public = true"] },
  { q: "list VPCs in us-west-2", tool: "ec2_describe_vpcs", regions: ["us-west-2"] },
  { q: "default VPCs in all accounts", tool: "ec2_describe_vpcs", args: { default_only: true } },
  { q: "non-default VPCs", tool: "ec2_describe_vpcs", args: { default_only: false } },
  { q: "subnets in staging eu-west-1", tool: "ec2_describe_subnets", accounts: ["staging"], regions: ["eu-west-1"] },
  { q: "public subnets in production", tool: "ec2_describe_subnets", accounts: ["production"], filters: ["public_ip_on_launch = true"] },
  // S3
  { q: "which S3 buckets are public?", tool: "s3_get_bucket_policy_status", filters: ["is_public = true"] },
  { q: "buckets that are not public", tool: "s3_get_bucket_policy_status", filters: ["is_public ≠ true"] },
  { q: "which buckets make objects public?", tool: "s3_get_bucket_policy_status", filters: ["is_public = true"] },
  { q: "private buckets in staging", tool: "s3_get_bucket_policy_status", accounts: ["staging"], filters: ["is_public = false"] },
  { q: "unencrypted buckets in production", tool: "s3_get_bucket_encryption", accounts: ["production"], filters: ["no default encryption"] },
  { q: "bucket encryption settings in dev", tool: "s3_get_bucket_encryption", accounts: ["development"] },
  { q: "buckets without versioning in stage", tool: "s3_get_bucket_versioning", accounts: ["staging"], filters: ["status ≠ Enabled"] },
  { q: "versioned buckets", tool: "s3_get_bucket_versioning", filters: ["status = Enabled"] },
  { q: "S3 buckets with no lifecycle rules", tool: "s3_get_bucket_lifecycle", filters: ["rule_count = 0"] },
  { q: "buckets without a public access block in dev", tool: "s3_get_public_access_block", accounts: ["development"], filters: ["configured = false"] },
  { q: "security posture of bucket acme-prod-web-assets", tool: "s3_get_bucket_security", args: { buckets: ["acme-prod-web-assets"] } },
  { q: "list all S3 buckets of the data account", tool: "s3_list_buckets", accounts: ["data"] },
  { q: "Create date of the buckets in dev", tool: "s3_list_buckets", accounts: ["development"] },
  { q: "is the bucket acme-prod-web-assets versioned?", tool: "s3_get_bucket_versioning", args: { buckets: ["acme-prod-web-assets"] }, filters: ["status = Enabled"] },
  // RDS
  { q: "RDS instances without Multi-AZ in all accounts", tool: "rds_describe_db_instances", filters: ["multi_az = false"] },
  { q: "Multi-AZ databases in production", tool: "rds_describe_db_instances", accounts: ["production"], filters: ["multi_az = true"] },
  // A state right after the noun is not a name (was db_instance_id=multi-az: every unit failed).
  { q: "are my rds instances multi-az?", tool: "rds_describe_db_instances", filters: ["multi_az = true"] },
  { q: "publicly accessible databases", tool: "rds_describe_db_instances", filters: ["publicly_accessible = true"] },
  { q: "databases that are not publicly accessible", tool: "rds_describe_db_instances", filters: ["publicly_accessible ≠ true"] },
  { q: "unencrypted postgres databases in prod", tool: "rds_describe_db_instances", accounts: ["production"], args: { engines: ["postgres"] }, filters: ["storage_encrypted = false"] },
  { q: "RDS instances without deletion protection", tool: "rds_describe_db_instances", filters: ["deletion_protection ≠ true"] },
  { q: "db.r6g.2xlarge databases", tool: "rds_describe_db_instances", filters: ["class = db.r6g.2xlarge"] },
  { q: "Aurora clusters in production", tool: "rds_describe_db_clusters", accounts: ["production"] },
  { q: "aurora postgres clusters", tool: "rds_describe_db_clusters", args: { engines: ["aurora-postgresql"] } },
  { q: "manual RDS snapshots in staging and dev", tool: "rds_describe_db_snapshots", accounts: ["staging", "development"], args: { snapshot_type: "manual" } },
  { q: "RDS snapshots that are not encrypted", tool: "rds_describe_db_snapshots", filters: ["encrypted = false"] },
  { q: "mysql snapshots", tool: "rds_describe_db_snapshots", filters: ["engine = mysql"] },
  // Lambda
  { q: "Lambda functions on deprecated runtimes", tool: "lambda_list_functions", filters: ["deprecated_runtime = true"] },
  { q: "which lambdas in 845678901234 use end-of-life runtimes?", tool: "lambda_list_functions", accounts: ["data"], filters: ["deprecated_runtime = true"] },
  { q: "lambdas running python 3.8", tool: "lambda_list_functions", args: { runtimes: ["python3.8"] } },
  { q: "functions on nodejs18.x or node 16 in prod", tool: "lambda_list_functions", accounts: ["production"], args: { runtimes: ["nodejs18.x", "nodejs16.x"] } },
  { q: "Lambda functions that use python", tool: "lambda_list_functions", filters: ["runtime starts with python"] },
  { q: "event source mappings of function orders-webhook in prod", tool: "lambda_list_event_source_mappings", accounts: ["production"], args: { function_name: "orders-webhook" } },
  { q: "reserved concurrency per function in production", tool: "lambda_get_function_concurrency", accounts: ["production"] },
  { q: "configuration of function orders-webhook", tool: "lambda_get_function_configuration", args: { function_name: "orders-webhook" } },
  // ECS
  { q: "which ECS services are failing?", tool: "ecs_describe_services", filters: ["running < desired"] },
  { q: "ECS services with fewer running than desired tasks", tool: "ecs_describe_services", filters: ["running < desired"] },
  { q: "fargate services in production", tool: "ecs_describe_services", accounts: ["production"], args: { launch_type: "FARGATE" } },
  { q: "services in cluster prod-web", tool: "ecs_describe_services", args: { cluster: "prod-web" } },
  { q: "ECS services in all clusters of staging", tool: "ecs_describe_services", accounts: ["staging"] },
  { q: "running tasks in the prod-web cluster", tool: "ecs_describe_tasks", args: { cluster: "prod-web", desired_status: "RUNNING" } },
  { q: "tasks of service checkout in cluster prod-web", tool: "ecs_describe_tasks", args: { cluster: "prod-web", service_name: "checkout" } },
  { q: "ECS clusters in staging", tool: "ecs_describe_clusters", accounts: ["staging"] },
  { q: "ECS clusters with pending tasks", tool: "ecs_describe_clusters", filters: ["pending_tasks > 0"] },
  { q: "task definitions in production", tool: "ecs_describe_task_definitions", accounts: ["production"] },
  // EKS
  { q: "EKS clusters with a public endpoint", tool: "eks_describe_clusters", filters: ["endpoint_public = true"] },
  { q: "EKS clusters with a private endpoint", tool: "eks_describe_clusters", filters: ["endpoint_public = false"] },
  { q: "kubernetes clusters on old versions in dev", tool: "eks_describe_clusters", accounts: ["development"], filters: ["version < 1.30"] },
  { q: "which EKS clusters need an upgrade?", tool: "eks_describe_clusters", filters: ["version < 1.30"] },
  { q: "what's the status of my EKS clusters", tool: "eks_describe_clusters" },
  { q: "node groups of cluster dev-legacy", tool: "eks_describe_nodegroups", args: { cluster_name: "dev-legacy" } },
  { q: "which node groups use spot instances?", tool: "eks_describe_nodegroups", filters: ["capacity_type = SPOT"] },
  { q: "services in prod-web", tool: "ecs_describe_services", args: { cluster: "prod-web" } },
  { q: "spot node groups", tool: "eks_describe_nodegroups", filters: ["capacity_type = SPOT"] },
  { q: "degraded EKS add-ons", tool: "eks_describe_addons", filters: ["status = DEGRADED"] },
  { q: "fargate profiles in env:development", tool: "eks_describe_fargate_profiles", accounts: ["env:development"] },
  // Counts and groups
  { q: "how many EC2 instances per account", tool: "ec2_describe_instances", counted: "count per account" },
  { q: "how many running instances are in prod?", tool: "ec2_describe_instances", accounts: ["production"], args: { states: ["running"] }, counted: "count" },
  { q: "count the S3 buckets in each account", tool: "s3_list_buckets", counted: "count per account" },
  { q: "number of RDS instances by engine", tool: "rds_describe_db_instances", counted: "count per engine" },
  { q: "how many lambdas per account and region", tool: "lambda_list_functions", counted: "count per account, region" },
  { q: "how many instances in each region", tool: "ec2_describe_instances", counted: "count per region" },
  { q: "how many lambda functions per runtime in prod", tool: "lambda_list_functions", accounts: ["production"], counted: "count per runtime" },
  { q: "how many public buckets are there per account?", tool: "s3_get_bucket_policy_status", filters: ["is_public = true"], counted: "count per account" },
  // Values inside resource names, "lack", negated values, version comparisons, counts (issue 16 review)
  { q: "snapshots of prod-billing-mysql", tool: "rds_describe_db_snapshots", args: { db_instance_id: "prod-billing-mysql" } },
  { q: "how many snapshots does prod-billing-mysql have", tool: "rds_describe_db_snapshots", args: { db_instance_id: "prod-billing-mysql" }, counted: "count" },
  { q: "buckets that lack versioning", tool: "s3_get_bucket_versioning", filters: ["status ≠ Enabled"] },
  { q: "how many buckets lack versioning per account", tool: "s3_get_bucket_versioning", filters: ["status ≠ Enabled"], counted: "count per account" },
  { q: "databases that lack deletion protection", tool: "rds_describe_db_instances", filters: ["deletion_protection ≠ true"] },
  { q: "lambda functions using python3.9 in prod", tool: "lambda_list_functions", accounts: ["production"], args: { runtimes: ["python3.9"] } },
  { q: "instances of type t3.micro in eu-west-1", tool: "ec2_describe_instances", regions: ["eu-west-1"], args: { instance_types: ["t3.micro"] } },
  { q: "instances that are not t3.micro", tool: "ec2_describe_instances", filters: ["type ≠ t3.micro"] },
  { q: "instances other than t3.micro in eu-west-1", tool: "ec2_describe_instances", regions: ["eu-west-1"], filters: ["type ≠ t3.micro"] },
  { q: "RDS instances in prod that are not postgres", tool: "rds_describe_db_instances", accounts: ["production"], filters: ["engine ≠ postgres"] },
  { q: "lambda functions that are not on python3.9", tool: "lambda_list_functions", filters: ["runtime ≠ python3.9"] },
  { q: "lambdas not using python", tool: "lambda_list_functions", filters: ["not (runtime starts with python)"] },
  { q: "security groups not open to the world", tool: "ec2_describe_security_groups", filters: ["open_to_world_ipv4 ≠ true"] },
  { q: "EKS clusters older than 1.29", tool: "eks_describe_clusters", filters: ["version < 1.29"] },
  { q: "EKS clusters running a version below 1.30 in staging", tool: "eks_describe_clusters", accounts: ["staging"], filters: ["version < 1.30"] },
  { q: "how many instances does each account have", tool: "ec2_describe_instances", counted: "count per account" },
  { q: "count of stopped instances per account in prod and staging", tool: "ec2_describe_instances", accounts: ["production", "staging"], args: { states: ["stopped"] }, counted: "count per account" },
  { q: "how many EKS clusters does production have", tool: "eks_describe_clusters", accounts: ["production"], counted: "count" },
  { q: "how many lambdas per runtime per account", tool: "lambda_list_functions", counted: "count per account, runtime" },
  { q: "are there any public buckets in prod?", tool: "s3_get_bucket_policy_status", accounts: ["production"], filters: ["is_public = true"] },
  { q: "volumes not attached to i-0a10c0ffee0000001", tool: "ec2_describe_volumes", filters: ["not (attached_to contains i-0a10c0ffee0000001)"] },
  { q: "which instances don't have a public ip in prod", tool: "ec2_describe_instances", accounts: ["production"], filters: ["not (public_ip present)"] },
  { q: "snapshots of prod-orders-db-1", tool: "rds_describe_db_snapshots", args: { db_instance_id: "prod-orders-db-1" } },
  { q: "databases other than postgres and mysql", tool: "rds_describe_db_instances", filters: ["not (engine in postgres,mysql)"] },
  { q: "instances that are not t3.micro or t3.small", tool: "ec2_describe_instances", filters: ["not (type in t3.micro,t3.small)"] },
  { q: "which lambdas are not deprecated", tool: "lambda_list_functions", filters: ["deprecated_runtime ≠ true"] },
  { q: "count instances by state per account", tool: "ec2_describe_instances", counted: "count per account, state" },
];

interface Declined {
  q: string;
  /** The category the decline names, or `unmapped`. */
  declined: string;
  /** Words the decline quotes. */
  quotes?: string;
}

// biome-ignore format: one phrasing per line reads as a table
const DECLINED: Declined[] = [
  // A yes/no over every item: the list of matches would read as "yes".
  { q: "are all instances running?", declined: "a question about all of them", quotes: "“are all”" },
  { q: "Is every bucket encrypted?", declined: "a question about all of them", quotes: "“is every”" },
  { q: "are all of my RDS instances Multi-AZ in production?", declined: "a question about all of them", quotes: "exceptions" },
  { q: "give me an overview of the production account", declined: "unmapped" },
  { q: "give me an overview of the production and staging accounts", declined: "a condition", quotes: "overview" },
  { q: "what's in the data account?", declined: "unmapped" },
  { q: "RDS instances older than 90 days", declined: "a comparison", quotes: "older than 90 days" },
  { q: "which instances cost the most", declined: "a cost", quotes: "cost" },
  { q: "the largest buckets", declined: "a comparison", quotes: "largest" },
  { q: "instances launched in the last 7 days", declined: "a comparison", quotes: "last 7 days" },
  { q: "instances with more than 4 vCPUs", declined: "a comparison", quotes: "more than 4 vcpus" },
  { q: "show me cpu utilization of prod instances", declined: "a condition", quotes: "cpu utilization" },
  { q: "how do I upgrade my EKS cluster", declined: "a condition", quotes: "upgrade" },
  { q: "which instances should I stop", declined: "a condition", quotes: "stop" },
  { q: "RDS instances that store customer data", declined: "a condition", quotes: "store customer data" },
  { q: "lambdas that are not deprecated and not public", declined: "a negation", quotes: "not public" },
  { q: "untagged instances", declined: "a negation", quotes: "untagged" },
  { q: "EC2 instances not in us-east-1", declined: "a negation", quotes: "not" },
  { q: "buckets not owned by the data team", declined: "a negation", quotes: "team" },
  { q: "what is our monthly S3 spend?", declined: "a cost", quotes: "monthly" },
  { q: "which account has the most instances", declined: "a comparison", quotes: "most" },
  { q: "stopped lambda functions", declined: "a condition", quotes: "stopped" },
  { q: "manual and automated snapshots", declined: "a condition", quotes: "automated" },
  { q: "running instances that are not running", declined: "a negation", quotes: "not running" },
  { q: "list instances with their tags", declined: "a condition", quotes: "tags" },
  { q: "t3 databases", declined: "a condition", quotes: "t3" },
  { q: "list all clusters in production", declined: "unmapped", quotes: "ECS, EKS or RDS" },
  { q: "what is the weather in Dublin tomorrow?", declined: "unmapped" },
  { q: "which IAM roles have admin access", declined: "unmapped" },
  { q: "how many clusters does production have", declined: "unmapped", quotes: "ECS, EKS or RDS" },
  { q: "how much do our RDS instances cost per month", declined: "a cost", quotes: "cost per month" },
  { q: "total EBS volume size in prod", declined: "a condition", quotes: "size" },
  { q: "compare instance counts between prod and staging", declined: "a comparison", quotes: "between" },
  { q: "average number of tasks per ECS service", declined: "a count", quotes: "average" },
  { q: "unencrypted volumes larger than 100 GB", declined: "a comparison", quotes: "larger than 100 gb" },
  { q: "EC2 instances without tag env=prod", declined: "a negation", quotes: "without" },
  { q: "how many instances are running vs stopped", declined: "a condition", quotes: "vs" },
  { q: "which accounts have no running instances", declined: "a condition", quotes: "accounts" },
  { q: "snapshots not of prod-billing-mysql", declined: "a negation", quotes: "not" },
  { q: "security groups open to the world and not open to the world", declined: "a negation", quotes: "not" },
  { q: "snapshots of prod-orders-db-1 older than a week", declined: "a comparison", quotes: "older than" },
  { q: "EKS clusters newer than 1.29", declined: "a comparison", quotes: "newer than 1.29" },
  { q: "buckets that are public or not versioned", declined: "a negation", quotes: "not versioned" },
  { q: "lambdas using more than 512 MB", declined: "a comparison", quotes: "more than 512 mb" },
];

// biome-ignore format: one phrasing per line reads as a table
const REFUSED: Array<[string, string]> = [
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
  ["can you reboot prod-web-1", "reboot"],
  ["could you please delete the bucket acme-dev-scratch", "delete"],
  ["I want you to scale the checkout service to 6 tasks", "scale"],
  ["list stopped instances and terminate them", "terminate"],
  ["find the unattached volumes, then delete them", "delete"],
  ["start the stopped instances in dev", "start"],
  ["make the bucket acme-dev-ml-datasets private", "make"],
  ["update the checkout service to the new task definition", "update"],
  ["and then stop them", "stop"],
  ["go ahead and restart the checkout service", "restart"],
];

function expectPlan(result: PlanResult, row: Row) {
  if (!("tool" in result)) throw new Error(`${row.q}: not planned: ${JSON.stringify(result)}`);
  expect(result.tool).toBe(row.tool);
  expect(result.accounts).toEqual(row.accounts ?? ["all"]);
  expect(result.regions).toEqual(row.regions ?? []);
  expect(result.args).toEqual(row.args ?? {});
  expect(result.filters.map((f) => f.label)).toEqual(row.filters ?? []);
  const by = result.aggregate?.by.map((b) => (typeof b === "string" ? b : b.label)) ?? [];
  const counted = result.aggregate ? `count${by.length > 0 ? ` per ${by.join(", ")}` : ""}` : undefined;
  expect(counted).toBe(row.counted as string);
  expect(result.notes.length).toBe(row.notes ?? 0);
  expect(result.explanation).toContain(`Model-free planner (no model involved) chose the tool ${row.tool}`);
  for (const f of result.filters) expect(result.explanation).toContain(f.label);
  const props = (tools.find((t) => t.name === result.tool)?.inputSchema.properties ?? {}) as object;
  for (const key of Object.keys(result.args)) expect(Object.keys(props)).toContain(key);
}

describe("planner: every condition is applied (tool, accounts, regions, arguments, filters, counts)", () => {
  test.each(ANSWERED.map((r) => [r.q, r] as const))("%s", (_q, row) => expectPlan(plan(row.q), row));
});

describe("planner: a condition it cannot apply is declined, named, never dropped", () => {
  test.each(DECLINED.map((r) => [r.q, r] as const))("%s", (_q, row) => {
    const result = plan(row.q);
    if (!("declined" in result)) throw new Error(`${row.q}: not declined: ${JSON.stringify(result)}`);
    if (row.declined === "unmapped") expect(result.message).toContain("could not map this question");
    else expect(result.message).toContain(`(${row.declined})`);
    if (row.quotes) expect(result.message).toContain(row.quotes);
  });
});

describe("planner: writes are refused only when ops-agent is asked to act", () => {
  test.each(REFUSED)("%s → refused", (q, verb) => {
    expect(plan(q)).toEqual({
      refused: "read-only",
      message: expect.stringContaining(`read-only: it will not ${verb}`),
    });
  });

  test("common words only name an account in account context", () => {
    expect((plan("RDS instances in data") as Plan).accounts).toEqual(["data"]);
    expect((plan("S3 buckets of the data account") as Plan).accounts).toEqual(["data"]);
    expect((plan("EC2 instances in the ops account") as Plan).accounts).toEqual(["central"]);
  });
});

describe("planner: follow-ups start from the session's previous plan", () => {
  const chain = (...questions: string[]) => {
    let previous: Plan | undefined;
    for (const q of questions) {
      const result = plan(q, previous);
      if (!("tool" in result)) throw new Error(`${q}: not planned: ${JSON.stringify(result)}`);
      previous = result;
    }
    return previous as Plan;
  };

  // biome-ignore format: one conversation per line reads as a table
  const FOLLOW_UPS: Array<[string[], Row]> = [
    [["which buckets are not public in prod", "and in staging?"], { q: "", tool: "s3_get_bucket_policy_status", accounts: ["staging"], filters: ["is_public ≠ true"] }],
    [["list lambda functions in dev", "what about prod?"], { q: "", tool: "lambda_list_functions", accounts: ["production"] }],
    [["list lambda functions in dev", "what about prod?", "and the buckets?"], { q: "", tool: "s3_list_buckets", accounts: ["production"] }],
    [["how many EC2 instances per account", "and stopped ones?"], { q: "", tool: "ec2_describe_instances", args: { states: ["stopped"] }, counted: "count per account" }],
    [["running instances in production", "only in eu-west-1"], { q: "", tool: "ec2_describe_instances", accounts: ["production"], regions: ["eu-west-1"], args: { states: ["running"] } }],
    [["running instances in production", "what about the stopped ones"], { q: "", tool: "ec2_describe_instances", accounts: ["production"], args: { states: ["stopped"] } }],
    [["how many EKS clusters does production have", "and in staging?"], { q: "", tool: "eks_describe_clusters", accounts: ["staging"], counted: "count" }],
    [["snapshots of prod-billing-mysql", "only the manual ones"], { q: "", tool: "rds_describe_db_snapshots", args: { db_instance_id: "prod-billing-mysql", snapshot_type: "manual" } }],
    [["RDS instances without Multi-AZ", "and in data?", "how many are there?"], { q: "", tool: "rds_describe_db_instances", accounts: ["data"], filters: ["multi_az = false"], counted: "count" }],
  ];
  test.each(FOLLOW_UPS.map(([qs, row]) => [qs.join(" → "), qs, row] as const))("%s", (_name, qs, row) =>
    expectPlan(chain(...qs), row),
  );

  test("without a previous plan, a follow-up is unmapped (and says so)", () => {
    expect(plan("and in staging?")).toMatchObject({ declined: true });
  });
});
