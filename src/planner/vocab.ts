/**
 * The model-free planner's vocabulary, as data (documented in plan.ts). Word patterns are matched
 * case-insensitively on the question; the first tool rule whose patterns all match wins.
 */

/** A client-side filter on the items a tool returned (field names are the tools' `select` keys). */
export interface PostFilter {
  /** What the filter means, for the explanation (e.g. `multi_az = false`). */
  label: string;
  field: string;
  op: "eq" | "ne" | "empty" | "present" | "lt-field" | "version-lt" | "contains";
  value?: unknown;
}

/** How one state word applies to one tool: as an API argument when the schema has one, else client-side. */
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

/** Parent resource a tool needs (`cluster`): listed first with another tool when the question names none. */
export interface Expansion {
  arg: string;
  from: string;
  field: string;
}

export interface ToolRule {
  tool: string;
  all: RegExp[];
  none?: RegExp[];
  expand?: Expansion;
}

const W = (words: string) => new RegExp(`\\b(?:${words})\\b`, "i");
const N = {
  sg: W("security[- ]?groups?|sgs?|firewall rules?|inbound rules?"),
  volume: W("ebs|volumes?|disks?"),
  image: W("amis?|machine images?"),
  vpc: W("vpcs?"),
  subnet: W("subnets?"),
  instance: W("ec2|instances?|servers?|vms?|virtual machines?|hosts?"),
  bucket: W("s3|buckets?"),
  snapshot: W("snapshots?|backups?"),
  dbCluster: W("aurora|db clusters?|database clusters?|rds clusters?"),
  db: W("rds|databases?|dbs?|db instances?|postgres(?:ql)?|mysql|mariadb"),
  esm: W("event source(?: mappings?)?|triggers?|esms?"),
  concurrency: W("concurrency|reserved concurrency"),
  lambdaLimits: W("account settings|account limits|lambda limits|lambda quotas?"),
  fn: W("lambdas?|functions?|serverless|runtimes?"),
  nodegroup: W("node ?groups?|worker nodes|nodes"),
  addon: W("add-?ons?"),
  fargate: W("fargate profiles?"),
  eks: W("eks|kubernetes|k8s"),
  taskDef: W("task definitions?|task defs?|taskdefs?"),
  task: W("tasks?"),
  service: W("services?"),
  ecs: W("ecs|containers?|fargate"),
  cluster: W("clusters?"),
  /** Plural: “ECS clusters with pending tasks” asks for clusters, “tasks in cluster x” for tasks. */
  clusters: W("clusters"),
};
const S = {
  public: W("public(?:ly)?(?: accessible| facing)?|internet[- ]facing|exposed|world[- ]readable"),
  encryption: W("encrypt(?:ed|ion)?|unencrypted|sse|kms"),
  versioning: W("versioning|versioned|unversioned"),
  lifecycle: W("lifecycle"),
  pab: W("public access blocks?|block public access"),
  security: W("security posture|posture|security settings|security"),
};
const EXPAND_ECS = { arg: "cluster", from: "ecs_describe_clusters", field: "name" };
const EXPAND_EKS = { arg: "cluster_name", from: "eks_describe_clusters", field: "name" };

/** Ordered: specific phrases before general nouns (`db instances` before `instances`). */
export const TOOL_RULES: ToolRule[] = [
  { tool: "ec2_describe_security_groups", all: [N.sg] },
  { tool: "eks_describe_fargate_profiles", all: [N.fargate], expand: EXPAND_EKS },
  { tool: "eks_describe_nodegroups", all: [N.nodegroup], expand: EXPAND_EKS },
  { tool: "eks_describe_addons", all: [N.addon], expand: EXPAND_EKS },
  { tool: "ecs_describe_task_definitions", all: [N.taskDef] },
  { tool: "rds_describe_db_snapshots", all: [N.snapshot], none: [N.volume] },
  { tool: "ec2_describe_volumes", all: [N.volume] },
  { tool: "ec2_describe_images", all: [N.image] },
  { tool: "ec2_describe_subnets", all: [N.subnet] },
  { tool: "ec2_describe_vpcs", all: [N.vpc] },
  { tool: "rds_describe_db_clusters", all: [N.dbCluster] },
  { tool: "rds_describe_db_clusters", all: [N.db, N.cluster] },
  { tool: "rds_describe_db_instances", all: [N.db] },
  { tool: "s3_get_public_access_block", all: [N.bucket, S.pab] },
  { tool: "s3_get_bucket_security", all: [N.bucket, S.security] },
  { tool: "s3_get_bucket_policy_status", all: [N.bucket, S.public] },
  { tool: "s3_get_bucket_encryption", all: [N.bucket, S.encryption] },
  { tool: "s3_get_bucket_versioning", all: [N.bucket, S.versioning] },
  { tool: "s3_get_bucket_lifecycle", all: [N.bucket, S.lifecycle] },
  { tool: "s3_list_buckets", all: [N.bucket] },
  { tool: "lambda_get_function_concurrency", all: [N.concurrency] },
  { tool: "lambda_list_event_source_mappings", all: [N.esm] },
  { tool: "lambda_get_account_settings", all: [N.lambdaLimits] },
  { tool: "lambda_list_functions", all: [N.fn] },
  { tool: "eks_describe_clusters", all: [N.eks] },
  { tool: "ecs_describe_tasks", all: [/\btasks? (?:of|in|for) (?:the )?service\b/i], expand: EXPAND_ECS },
  { tool: "ecs_describe_services", all: [N.service], none: [N.clusters], expand: EXPAND_ECS },
  { tool: "ecs_describe_tasks", all: [N.task], none: [N.clusters], expand: EXPAND_ECS },
  { tool: "ecs_describe_clusters", all: [N.ecs] },
  { tool: "ec2_describe_instances", all: [N.instance] },
  { tool: "list_accounts", all: [W("accounts?|organi[sz]ation|environments?")] },
];

/** Nouns that name several services: the planner asks which one instead of guessing. */
export const AMBIGUOUS: Array<{ pattern: RegExp; message: string }> = [
  {
    pattern: N.cluster,
    message: "“clusters” can mean ECS, EKS or RDS (Aurora) clusters: say which (e.g. “EKS clusters”).",
  },
];

const eq = (field: string, value: unknown): PostFilter => ({
  label: `${field} = ${String(value)}`,
  field,
  op: "eq",
  value,
});

// biome-ignore format: one state per line reads as a table
export const STATE_RULES: StateRule[] = [
  { id: "running", pattern: W("running|in service"), effects: {
    ec2_describe_instances: { arg: { value: "running" }, post: eq("state", "running") },
    rds_describe_db_instances: { post: eq("status", "available") },
    ecs_describe_tasks: { arg: { name: "desired_status", value: "RUNNING" }, post: eq("last_status", "RUNNING") } } },
  { id: "stopped", pattern: W("stopped|not running|powered off"), effects: {
    ec2_describe_instances: { arg: { value: "stopped" }, post: eq("state", "stopped") },
    rds_describe_db_instances: { post: eq("status", "stopped") },
    ecs_describe_tasks: { arg: { name: "desired_status", value: "STOPPED" } } } },
  { id: "unattached", pattern: W("unattached|detached|orphan(?:ed)?|unused|not attached|available"), effects: {
    ec2_describe_volumes: { arg: { value: "available" }, post: eq("state", "available") } } },
  { id: "public", pattern: S.public, effects: {
    s3_get_bucket_policy_status: { post: eq("is_public", true) },
    s3_get_bucket_security: { post: eq("public_via_policy", true) },
    rds_describe_db_instances: { post: eq("publicly_accessible", true) },
    eks_describe_clusters: { post: eq("endpoint_public", true) },
    ec2_describe_instances: { post: { label: "public_ip present", field: "public_ip", op: "present" } },
    ec2_describe_images: { post: eq("public", true) } } },
  { id: "open", pattern: /\bopen\b|0\.0\.0\.0\/0|\b(?:anywhere|the world|the internet|public)\b/i, effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_cidr", value: "0.0.0.0/0" }, post: eq("open_to_world_ipv4", true) } } },
  { id: "ssh", pattern: W("ssh|port 22"), effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_port", value: 22 }, post: { label: "port 22 open", field: "inbound_from_ports", op: "contains", value: 22 } } } },
  { id: "rdp", pattern: W("rdp|remote desktop|port 3389"), effects: {
    ec2_describe_security_groups: { arg: { name: "inbound_port", value: 3389 }, post: { label: "port 3389 open", field: "inbound_from_ports", op: "contains", value: 3389 } } } },
  { id: "no-multi-az", pattern: /\b(?:without|no|not|non|lacking|missing)[- ](?:a )?multi[- ]?az\b|\bsingle[- ]az\b/i, effects: {
    rds_describe_db_instances: { post: eq("multi_az", false) },
    rds_describe_db_clusters: { post: eq("multi_az", false) } } },
  { id: "deprecated-runtime", pattern: W("deprecated|end[- ]of[- ](?:life|support)|eol|unsupported|outdated runtimes?|old runtimes?|legacy runtimes?"), effects: {
    lambda_list_functions: { post: eq("deprecated_runtime", true) } } },
  { id: "unencrypted", pattern: W("unencrypted|not encrypted|without encryption|no encryption|no default encryption"), effects: {
    rds_describe_db_instances: { post: eq("storage_encrypted", false) },
    rds_describe_db_clusters: { post: eq("storage_encrypted", false) },
    ec2_describe_volumes: { arg: { name: "encrypted", value: false }, post: eq("encrypted", false) },
    s3_get_bucket_encryption: { post: { label: "no default encryption", field: "sse_algorithm", op: "empty" } } } },
  { id: "below-desired", pattern: W("(?:fewer|less) (?:tasks )?(?:running )?than desired|below (?:the )?desired(?: count)?|under[- ]?(?:replicated|provisioned)|not (?:at|running) (?:the |their )?desired(?: count)?|unhealthy|degraded"), effects: {
    ecs_describe_services: { post: { label: "running < desired", field: "running", op: "lt-field", value: "desired" } },
    eks_describe_nodegroups: { post: eq("status", "DEGRADED") },
    eks_describe_addons: { post: eq("status", "DEGRADED") } } },
  { id: "old-version", pattern: W("old|outdated|out[- ]of[- ]date|end[- ]of[- ]support|extended support|legacy"), effects: {
    eks_describe_clusters: { post: { label: "version < 1.30", field: "version", op: "version-lt", value: "1.30" } } } },
  { id: "unversioned", pattern: W("(?:without|no|not|disabled) versioning|versioning (?:is )?(?:disabled|off|suspended|not enabled)|unversioned|not versioned"), effects: {
    s3_get_bucket_versioning: { post: { label: "status ≠ Enabled", field: "status", op: "ne", value: "Enabled" } } } },
  { id: "no-lifecycle", pattern: W("(?:without|no|missing) (?:a )?lifecycle(?: rules?| polic(?:y|ies)| configuration)?"), effects: {
    s3_get_bucket_lifecycle: { post: eq("rule_count", 0) } } },
  { id: "no-public-access-block", pattern: W("(?:without|no|missing) (?:a )?public access block"), effects: {
    s3_get_public_access_block: { post: eq("configured", false) } } },
  { id: "spot", pattern: W("spot"), effects: { eks_describe_nodegroups: { post: eq("capacity_type", "SPOT") } } },
  { id: "manual", pattern: W("manual"), effects: { rds_describe_db_snapshots: { arg: { name: "snapshot_type", value: "manual" } } } },
  { id: "automated", pattern: W("automated|automatic"), effects: { rds_describe_db_snapshots: { arg: { name: "snapshot_type", value: "automated" } } } },
  { id: "postgres", pattern: /\bpostgres(?:ql)?\b(?!.*\baurora\b)/i, effects: { rds_describe_db_instances: { arg: { name: "engines", value: ["postgres"] } } } },
  { id: "mysql", pattern: /\bmysql\b(?!.*\baurora\b)/i, effects: { rds_describe_db_instances: { arg: { name: "engines", value: ["mysql"] } } } },
];

/** Requests to change something: refused before anything runs (ops-agent is read-only). */
export const MUTATING = W(
  "terminate|delete|remove|stop|start|restart|reboot|create|modify|update|put|attach|detach|enable|disable|scale|deploy|launch|kill|destroy|drop|rotate|change|upgrade|downgrade|resize|revoke|authorize|encrypt|decrypt|make|fix|apply|shut ?down|turn (?:off|on)|spin (?:up|down)|power (?:off|on)|purge|truncate|invoke|untag|rename|move|patch|roll ?back|grant|provision|install|uninstall|replace|restore|import|export",
);
