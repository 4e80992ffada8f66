/**
 * The model-free planner's nouns and tool rules, as data (rules in plan.ts; states in states.ts, small
 * words in words.ts). Patterns are case-insensitive; the first tool rule whose patterns all match wins.
 */
import { W } from "./words.ts";

export interface ToolRule {
  tool: string;
  all: RegExp[];
  none?: RegExp[];
}

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

/** Ordered: specific phrases before general nouns (`db instances` before `instances`). */
export const TOOL_RULES: ToolRule[] = [
  { tool: "ec2_describe_security_groups", all: [N.sg] },
  { tool: "eks_describe_fargate_profiles", all: [N.fargate] },
  { tool: "eks_describe_nodegroups", all: [N.nodegroup] },
  { tool: "eks_describe_addons", all: [N.addon] },
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
  { tool: "s3_get_bucket_policy_status", all: [N.bucket, W("private")] },
  { tool: "s3_get_bucket_encryption", all: [N.bucket, S.encryption] },
  { tool: "s3_get_bucket_versioning", all: [N.bucket, S.versioning] },
  { tool: "s3_get_bucket_lifecycle", all: [N.bucket, S.lifecycle] },
  { tool: "s3_list_buckets", all: [N.bucket] },
  { tool: "lambda_get_function_concurrency", all: [N.concurrency] },
  { tool: "lambda_list_event_source_mappings", all: [N.esm] },
  { tool: "lambda_get_account_settings", all: [N.lambdaLimits] },
  { tool: "lambda_get_function_configuration", all: [W("configuration|config"), N.fn] },
  { tool: "lambda_list_functions", all: [N.fn] },
  { tool: "eks_describe_clusters", all: [N.eks] },
  { tool: "ecs_describe_tasks", all: [/\btasks? (?:of|in|for) (?:the )?service\b/i] },
  {
    tool: "ecs_describe_services",
    all: [N.service, /\b(?:in|of|across|from) (?:all |every |each |the |my |our )*(?:ecs )?clusters\b/i],
  },
  { tool: "ecs_describe_services", all: [N.service], none: [N.clusters] },
  { tool: "ecs_describe_tasks", all: [N.task], none: [N.clusters] },
  { tool: "ecs_describe_clusters", all: [N.ecs] },
  { tool: "ec2_describe_instances", all: [N.instance] },
  { tool: "list_accounts", all: [W("accounts|organi[sz]ation|environments?")] },
  // One account: its registry row ("which account is 845678901234?", "regions of production"), not its contents.
  {
    tool: "list_accounts",
    all: [
      W("(?:which|what) (?:aws )?account|account (?:ids?|aliases|names?|regions)|(?:which|what) regions"),
    ],
  },
];

/** Nouns that name several services: the planner asks which one instead of guessing. */
export const AMBIGUOUS: Array<{ pattern: RegExp; message: string }> = [
  {
    pattern: N.cluster,
    message: "“clusters” can mean ECS, EKS or RDS (Aurora) clusters: say which (e.g. “EKS clusters”).",
  },
];

/**
 * Nouns read as part of the chosen tool ("RDS instances", "ECS services in all clusters", "bucket
 * encryption settings"), by tool-name prefix; read last, after states and values took their words.
 */
// biome-ignore format: one family per line reads as a table
export const TOOL_NOUNS: Array<{ tools: RegExp; nouns: RegExp }> = [
  { tools: /^ec2_/, nouns: W("ec2|ebs|instances?|servers?|vms?|virtual machines?|hosts?|machines?|compute|amis?|images?|machine images?|vpcs?|networks?|subnets?|security[- ]?groups?|sgs?|groups?|firewall rules?|inbound rules?|rules?|ingress|volumes?|disks?|storage|ip address(?:es)?|ips?|addresses|launch times?|start times?|started|launched|cidrs?|ranges?|ports?") },
  { tools: /^s3_/, nouns: W("s3|buckets?|objects?|storage") },
  { tools: /^s3_get_bucket_encryption$/, nouns: W("encryption(?: settings| configuration)?|default encryption|sse|kms(?: keys?)?") },
  { tools: /^s3_get_bucket_versioning$/, nouns: W("versioning(?: status| settings)?|mfa delete") },
  { tools: /^s3_get_bucket_lifecycle$/, nouns: W("lifecycle(?: rules?| polic(?:y|ies)| configuration| settings)?|expiration|transitions?") },
  { tools: /^s3_get_public_access_block$/, nouns: W("public access blocks?|block public access(?: settings)?|settings") },
  { tools: /^s3_get_bucket_security$/, nouns: W("security posture|posture|security settings|security|settings") },
  { tools: /^s3_get_bucket_policy_status$/, nouns: W("bucket polic(?:y|ies)|polic(?:y|ies)|policy status") },
  { tools: /^rds_/, nouns: W("rds|databases?|dbs?|db instances?|instances?|aurora|db clusters?|database clusters?|rds clusters?|clusters?|snapshots?|backups?|engines?") },
  { tools: /^lambda_/, nouns: W("lambdas?|lambda functions?|functions?|serverless|runtimes?|event sources?(?: mappings?)?|mappings?|triggers?|esms?|reserved concurrency|concurrency|configuration|config|account settings|account limits|limits|quotas?|settings") },
  { tools: /^ecs_/, nouns: W("ecs|containers?|fargate|clusters?|services?|task definitions?|task defs?|taskdefs?|tasks?|famil(?:y|ies)|revisions?|deployments?") },
  { tools: /^eks_/, nouns: W("eks|kubernetes|k8s|clusters?|node ?groups?|nodes?|worker nodes|instances?|add-?ons?|fargate profiles?|profiles?|control planes?|endpoints?") },
  { tools: /./, nouns: W("creat(?:e|ion) (?:dates?|times?)|created(?: at| on| dates?)?|last modified(?: dates?)?|modification dates?") },
  { tools: /^list_accounts$/, nouns: W("aws accounts?|accounts?|organi[sz]ation|org|environments?|registry|aliases") },
];
