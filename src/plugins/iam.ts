import type { PluginTool } from "./types.ts";

/** boto3 service names whose IAM action prefix differs. */
const IAM_PREFIX: Record<string, string> = {
  elbv2: "elasticloadbalancing",
  elb: "elasticloadbalancing",
  stepfunctions: "states",
  "sso-admin": "sso",
  opensearch: "es",
  apigatewayv2: "apigateway",
  dynamodbstreams: "dynamodb",
  efs: "elasticfilesystem",
  emr: "elasticmapreduce",
  sesv2: "ses",
  kinesisanalyticsv2: "kinesisanalytics",
  resourcegroupstaggingapi: "tag",
};

/** `service:Operation` whose IAM action is not `<prefix>:<Operation>` (S3 most of all). */
const IAM_ACTION: Record<string, string> = {
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:ListObjects": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:ListObjectVersions": "s3:ListBucketVersions",
  "s3:HeadBucket": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
  "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
  "s3:GetBucketLifecycle": "s3:GetLifecycleConfiguration",
  "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
  "s3:GetBucketCors": "s3:GetBucketCORS",
  "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
  "s3:GetBucketIntelligentTieringConfiguration": "s3:GetIntelligentTieringConfiguration",
  "s3:GetBucketAnalyticsConfiguration": "s3:GetAnalyticsConfiguration",
  "s3:GetBucketInventoryConfiguration": "s3:GetInventoryConfiguration",
  "s3:GetBucketMetricsConfiguration": "s3:GetMetricsConfiguration",
  "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
};

/** The IAM action one boto3 operation needs, e.g. `s3:GetBucketEncryption` → `s3:GetEncryptionConfiguration`. */
export function iamAction(service: string, operation: string): string {
  return IAM_ACTION[`${service}:${operation}`] ?? `${IAM_PREFIX[service] ?? service}:${operation}`;
}

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: Array<{ Sid: string; Effect: "Allow"; Action: string[]; Resource: "*" }>;
}

/** Least-privilege policy for the member-account role: the sorted, deduplicated actions of `tools`. */
export function iamPolicy(tools: readonly PluginTool[]): IamPolicyDocument {
  const actions = [...new Set(tools.flatMap((t) => t.iamActions))].sort();
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "OpsAgentReadOnlyTools", Effect: "Allow", Action: actions, Resource: "*" }],
  };
}
