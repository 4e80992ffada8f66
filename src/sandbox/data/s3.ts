/**
 * S3 buckets per account (S3 is global: every region lists all of an account's buckets). `null`
 * means "not configured", which S3 answers with its NoSuch… / NotFound errors.
 */
export interface BucketRow {
  name: string;
  region: string;
  created: string;
  /** Default encryption algorithm; null → ServerSideEncryptionConfigurationNotFoundError. */
  encryption: "AES256" | "aws:kms" | null;
  /** Public access block: all four flags on, all off, or null → NoSuchPublicAccessBlockConfiguration. */
  publicAccessBlock: "all" | "none" | "acls-only" | null;
  /** Bucket policy: grants public read, private, or null → NoSuchBucketPolicy. */
  policy: "public" | "private" | null;
  versioning: "Enabled" | "Suspended" | null;
  /** Lifecycle rules; null → NoSuchLifecycleConfiguration. */
  lifecycle: Array<{ id: string; prefix: string; expireDays?: number; glacierDays?: number }> | null;
  tags?: Record<string, string>;
}

// biome-ignore format: one bucket per line reads as a table
export const BUCKETS: Record<string, BucketRow[]> = {
  central: [
    { name: "acme-org-cloudtrail-401234567890", region: "us-east-1", created: "2022-01-10T09:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: [{ id: "archive", prefix: "AWSLogs/", glacierDays: 90, expireDays: 2555 }], tags: { Purpose: "audit" } },
    { name: "acme-ops-agent-artifacts", region: "us-east-1", created: "2026-05-01T12:00:00Z", encryption: "AES256", publicAccessBlock: "all", policy: null, versioning: "Enabled", lifecycle: null },
  ],
  production: [
    { name: "acme-prod-web-assets", region: "us-east-1", created: "2019-03-02T10:00:00Z", encryption: "AES256", publicAccessBlock: "none", policy: "public", versioning: "Enabled", lifecycle: null, tags: { Service: "storefront", Public: "yes-cdn-origin" } },
    { name: "acme-prod-app-uploads", region: "us-east-1", created: "2020-06-15T10:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: [{ id: "ia-then-glacier", prefix: "", glacierDays: 180 }], tags: { Service: "orders-api" } },
    { name: "acme-prod-logs-eu", region: "eu-west-1", created: "2021-09-09T10:00:00Z", encryption: "AES256", publicAccessBlock: "all", policy: "private", versioning: "Suspended", lifecycle: [{ id: "expire-logs", prefix: "logs/", expireDays: 365 }] },
    { name: "acme-prod-backups-usw2", region: "us-west-2", created: "2022-11-30T10:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: [{ id: "deep-archive", prefix: "db/", glacierDays: 30, expireDays: 1095 }] },
    { name: "acme-legacy-exports", region: "us-east-1", created: "2016-02-20T10:00:00Z", encryption: null, publicAccessBlock: null, policy: null, versioning: null, lifecycle: null, tags: { Owner: "finance" } },
  ],
  staging: [
    { name: "acme-staging-web-assets", region: "us-east-1", created: "2021-04-04T10:00:00Z", encryption: "AES256", publicAccessBlock: "acls-only", policy: "public", versioning: null, lifecycle: null },
    { name: "acme-staging-test-fixtures", region: "us-east-1", created: "2018-08-08T10:00:00Z", encryption: null, publicAccessBlock: null, policy: null, versioning: null, lifecycle: [{ id: "expire-tmp", prefix: "tmp/", expireDays: 7 }] },
    { name: "acme-stg-eu-uploads", region: "eu-west-1", created: "2023-03-03T10:00:00Z", encryption: "AES256", publicAccessBlock: "all", policy: null, versioning: "Enabled", lifecycle: null },
  ],
  development: [
    { name: "acme-dev-scratch", region: "us-east-1", created: "2017-05-05T10:00:00Z", encryption: null, publicAccessBlock: "none", policy: null, versioning: null, lifecycle: null, tags: { Owner: "platform" } },
    { name: "acme-dev-terraform-state", region: "us-east-1", created: "2020-01-01T10:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: null },
    { name: "acme-dev-ml-datasets", region: "us-west-2", created: "2025-02-14T10:00:00Z", encryption: "AES256", publicAccessBlock: "none", policy: "public", versioning: null, lifecycle: null, tags: { Note: "shared with research partner" } },
  ],
  data: [
    { name: "acme-datalake-raw", region: "us-east-1", created: "2021-01-20T10:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: [{ id: "raw-to-glacier", prefix: "", glacierDays: 90 }] },
    { name: "acme-datalake-curated", region: "us-east-1", created: "2021-01-20T10:05:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: null },
    { name: "acme-athena-query-results", region: "us-east-1", created: "2022-07-07T10:00:00Z", encryption: "AES256", publicAccessBlock: "all", policy: null, versioning: null, lifecycle: [{ id: "expire-results", prefix: "", expireDays: 30 }] },
    { name: "acme-datalake-eu-raw", region: "eu-west-1", created: "2023-10-10T10:00:00Z", encryption: "aws:kms", publicAccessBlock: "all", policy: "private", versioning: "Enabled", lifecycle: null },
    { name: "acme-partner-dropbox", region: "us-east-1", created: "2019-12-12T10:00:00Z", encryption: null, publicAccessBlock: "none", policy: "private", versioning: null, lifecycle: null, tags: { Owner: "partnerships" } },
  ],
};
