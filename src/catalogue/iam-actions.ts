/** `service:Operation` whose IAM action is not `<prefix>:<Operation>` (S3 most of all). */
const IAM_ACTION: Record<string, string> = {
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:ListObjects": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:ListObjectVersions": "s3:ListBucketVersions",
  "s3:HeadBucket": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:GetObjectAttributes": "s3:GetObject",
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
  "s3:ListBucketAnalyticsConfigurations": "s3:GetAnalyticsConfiguration",
  "s3:ListBucketInventoryConfigurations": "s3:GetInventoryConfiguration",
  "s3:ListBucketMetricsConfigurations": "s3:GetMetricsConfiguration",
  "s3:ListBucketIntelligentTieringConfigurations": "s3:GetIntelligentTieringConfiguration",
  "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
  "s3:GetBucketMetadataConfiguration": "s3:GetBucketMetadataTableConfiguration",
  "s3:ListParts": "s3:ListMultipartUploadParts",
  "s3:ListMultipartUploads": "s3:ListBucketMultipartUploads",
  "s3:ListDirectoryBuckets": "s3express:ListAllMyDirectoryBuckets",
  "lambda:GetLayerVersionByArn": "lambda:GetLayerVersion",
};

/**
 * The IAM action one boto3 operation needs, given the service's IAM prefix (from the catalogue):
 * `s3:GetBucketEncryption` → `s3:GetEncryptionConfiguration`, `elbv2:DescribeLoadBalancers` →
 * `elasticloadbalancing:DescribeLoadBalancers`.
 */
export function actionName(service: string, operation: string, prefix: string): string {
  return IAM_ACTION[`${service}:${operation}`] ?? `${prefix}:${operation}`;
}
