/**
 * States and qualities the planner applies ("running", "public", "unencrypted"…), as data (rules in
 * plan.ts). Each state says, per tool, how it applies: as an argument when the tool's input schema has
 * one, else as a client-side filter on the returned items (field names are the tools' `select` keys).
 * A state with no effect for the chosen tool stays unread, and the planner declines.
 * Order matters: negative phrasings ("not encrypted") come before the positive word they contain.
 */
import { W } from "./words.ts";

/** A client-side filter on the items a tool returned. */
export interface PostFilter {
  /** What the filter means, for the explanation (e.g. `multi_az = false`). */
  label: string;
  field: string;
  op: "eq" | "empty" | "present" | "contains" | "prefix" | "in" | "lt-field" | "gt" | "version-lt";
  value?: unknown;
  /** Keeps the items the filter would drop ("not public"). */
  negate?: boolean;
}

/** How one state applies to one tool: as an API argument when the schema has one, else client-side. */
export interface StateEffect {
  /** Argument: `name` when the schema has that property, else any property whose enum holds `value`. */
  arg?: { name?: string; value: unknown };
  post?: PostFilter;
}

export interface StateRule {
  id: string;
  pattern: RegExp;
  effects: Record<string, StateEffect>;
}

export const eq = (field: string, value: unknown): PostFilter => ({
  label: `${field} = ${String(value)}`,
  field,
  op: "eq",
  value,
});
const present = (field: string): PostFilter => ({ label: `${field} present`, field, op: "present" });
const empty = (field: string, label = `no ${field}`): PostFilter => ({ label, field, op: "empty" });
const post = (filter: PostFilter): StateEffect => ({ post: filter });

const PUBLIC =
  "public(?:ly)?(?: accessible| facing| access| read(?:able)?)?|internet[- ]facing|exposed|world[- ]readable";

// biome-ignore format: one state per line reads as a table
export const STATE_RULES: StateRule[] = [
  { id: "running", pattern: W("running|in service"), effects: {
    ec2_describe_instances: { arg: { value: "running" }, post: eq("state", "running") },
    rds_describe_db_instances: post(eq("status", "available")),
    ecs_describe_tasks: { arg: { name: "desired_status", value: "RUNNING" }, post: eq("last_status", "RUNNING") } } },
  { id: "stopped", pattern: W("stopped|powered off|shut ?down"), effects: {
    ec2_describe_instances: { arg: { value: "stopped" }, post: eq("state", "stopped") },
    rds_describe_db_instances: post(eq("status", "stopped")),
    ecs_describe_tasks: { arg: { name: "desired_status", value: "STOPPED" } } } },
  { id: "pending", pattern: W("pending"), effects: {
    ec2_describe_instances: { arg: { value: "pending" }, post: eq("state", "pending") },
    ecs_describe_tasks: { arg: { name: "desired_status", value: "PENDING" } },
    ecs_describe_clusters: post({ label: "pending_tasks > 0", field: "pending_tasks", op: "gt", value: 0 }),
    ecs_describe_services: post({ label: "pending > 0", field: "pending", op: "gt", value: 0 }) } },
  { id: "unattached", pattern: W("unattached|detached|orphan(?:ed)?|unused|not attached|not in use|available"), effects: {
    ec2_describe_volumes: { arg: { value: "available" }, post: eq("state", "available") } } },
  { id: "attached", pattern: W("attached|in[- ]use"), effects: {
    ec2_describe_volumes: { arg: { value: "in-use" }, post: eq("state", "in-use") } } },
  { id: "private", pattern: W("private(?: endpoints?)?|internal"), effects: {
    s3_get_bucket_policy_status: post(eq("is_public", false)),
    rds_describe_db_instances: post(eq("publicly_accessible", false)),
    eks_describe_clusters: post(eq("endpoint_public", false)),
    ec2_describe_subnets: post(eq("public_ip_on_launch", false)) } },
  { id: "open", pattern: /\bopen(?: to (?:the world|the internet|anywhere|everyone|0\.0\.0\.0\/0)| to)?\b|0\.0\.0\.0\/0|\b(?:(?:from )?anywhere|the world|the internet|public(?:ly)?)\b/i, effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_cidr", value: "0.0.0.0/0" }, post: eq("open_to_world_ipv4", true) } } },
  { id: "public", pattern: W(PUBLIC), effects: {
    s3_get_bucket_policy_status: post(eq("is_public", true)),
    s3_get_bucket_security: post(eq("public_via_policy", true)),
    rds_describe_db_instances: post(eq("publicly_accessible", true)),
    eks_describe_clusters: post(eq("endpoint_public", true)),
    ec2_describe_instances: post(present("public_ip")),
    ec2_describe_images: post(eq("public", true)),
    ec2_describe_subnets: post(eq("public_ip_on_launch", true)) } },
  { id: "ssh", pattern: W("ssh|port 22"), effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_port", value: 22 }, post: { label: "port 22 open", field: "inbound_from_ports", op: "contains", value: 22 } } } },
  { id: "rdp", pattern: W("rdp|remote desktop|port 3389"), effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_port", value: 3389 }, post: { label: "port 3389 open", field: "inbound_from_ports", op: "contains", value: 3389 } } } },
  { id: "no-multi-az", pattern: /\b(?:without|no|not|non|lacking|missing)[- ](?:a |in )?multi[- ]?az\b|\bsingle[- ]az\b/i, effects: {
    rds_describe_db_instances: post(eq("multi_az", false)),
    rds_describe_db_clusters: post(eq("multi_az", false)) } },
  { id: "multi-az", pattern: /\b(?:in )?multi[- ]?az\b/i, effects: {
    rds_describe_db_instances: post(eq("multi_az", true)),
    rds_describe_db_clusters: post(eq("multi_az", true)) } },
  { id: "deprecated-runtime", pattern: W("deprecated(?: runtimes?)?|end[- ]of[- ](?:life|support)|eol|unsupported|(?:outdated|old|legacy) runtimes?"), effects: {
    lambda_list_functions: post(eq("deprecated_runtime", true)),
    ec2_describe_images: post({ label: "deprecation_time present", field: "deprecation_time", op: "present" }) } },
  { id: "unencrypted", pattern: W("unencrypted|not encrypted|without (?:default )?encryption|no (?:default )?encryption|not using encryption"), effects: {
    rds_describe_db_instances: post(eq("storage_encrypted", false)),
    rds_describe_db_clusters: post(eq("storage_encrypted", false)),
    rds_describe_db_snapshots: post(eq("encrypted", false)),
    ec2_describe_volumes: { arg: { name: "encrypted", value: false }, post: eq("encrypted", false) },
    s3_get_bucket_encryption: post(empty("sse_algorithm", "no default encryption")) } },
  { id: "encrypted", pattern: W("encrypted(?: at rest)?|with encryption"), effects: {
    rds_describe_db_instances: post(eq("storage_encrypted", true)),
    rds_describe_db_clusters: post(eq("storage_encrypted", true)),
    rds_describe_db_snapshots: post(eq("encrypted", true)),
    ec2_describe_volumes: { arg: { name: "encrypted", value: true }, post: eq("encrypted", true) },
    s3_get_bucket_encryption: post(present("sse_algorithm")) } },
  { id: "failing", pattern: W("failing|failed|unhealthy|degraded|broken|crashing|(?:fewer|less) (?:tasks )?(?:running )?(?:tasks )?than desired(?: tasks| count)?|below (?:the |their )?desired(?: count)?|under[- ]?(?:replicated|provisioned)|not (?:at|running) (?:the |their )?desired(?: count)?"), effects: {
    ecs_describe_services: post({ label: "running < desired", field: "running", op: "lt-field", value: "desired" }),
    ecs_describe_tasks: post({ label: "health = UNHEALTHY", field: "health", op: "eq", value: "UNHEALTHY" }),
    eks_describe_nodegroups: post(eq("status", "DEGRADED")),
    eks_describe_addons: post(eq("status", "DEGRADED")) } },
  { id: "old-version", pattern: W("old|older versions?|outdated|out[- ]of[- ]date|end[- ]of[- ]support|extended support|legacy|needs? (?:an? )?upgrades?|needing (?:an? )?upgrades?|due for (?:an? )?upgrades?|upgradable|behind"), effects: {
    eks_describe_clusters: post({ label: "version < 1.30", field: "version", op: "version-lt", value: "1.30" }) } },
  { id: "unversioned", pattern: W("(?:without|no|not|disabled|lacks?|lacking|missing) versioning|versioning (?:is )?(?:disabled|off|suspended|not enabled)|unversioned|not versioned"), effects: {
    s3_get_bucket_versioning: post({ label: "status ≠ Enabled", field: "status", op: "eq", value: "Enabled", negate: true }) } },
  { id: "versioned", pattern: W("versioned|versioning (?:is )?(?:enabled|on)|with versioning"), effects: {
    s3_get_bucket_versioning: post(eq("status", "Enabled")) } },
  { id: "no-lifecycle", pattern: W("(?:without|no|missing) (?:a |any )?lifecycle(?: rules?| polic(?:y|ies)| configuration)?"), effects: {
    s3_get_bucket_lifecycle: post(eq("rule_count", 0)) } },
  { id: "no-public-access-block", pattern: W("(?:without|no|missing) (?:a )?public access block"), effects: {
    s3_get_public_access_block: post(eq("configured", false)) } },
  { id: "spot", pattern: W("spot"), effects: { eks_describe_nodegroups: post(eq("capacity_type", "SPOT")) } },
  { id: "on-demand", pattern: W("on[- ]demand"), effects: { eks_describe_nodegroups: post(eq("capacity_type", "ON_DEMAND")) } },
  { id: "manual", pattern: W("manual(?:ly taken)?"), effects: { rds_describe_db_snapshots: { arg: { name: "snapshot_type", value: "manual" } } } },
  { id: "automated", pattern: W("automated|automatic"), effects: { rds_describe_db_snapshots: { arg: { name: "snapshot_type", value: "automated" } } } },
  { id: "default-vpc", pattern: W("default"), effects: { ec2_describe_vpcs: { arg: { name: "default_only", value: true } } } },
  { id: "deletion-protection", pattern: W("deletion protection(?: enabled| on)?"), effects: {
    rds_describe_db_instances: post(eq("deletion_protection", true)),
    rds_describe_db_clusters: post(eq("deletion_protection", true)) } },
  { id: "fargate", pattern: W("fargate"), effects: { ecs_describe_services: { arg: { name: "launch_type", value: "FARGATE" } } } },
];

/** A negation just before a state ("not public", "aren't encrypted", "non-default", "without deletion protection"). */
export const NEGATED_BEFORE =
  /\b(?:not|non|never|no longer|no|without|lacks?|lacking|missing|other than|except(?: for)?|excluding)[\s-]+(?:(?:a|an|the|any|have|has|having|be|been|being|yet|fully|currently|set to|configured as|configured with|using|on|running|in)\s+)*$/i;
