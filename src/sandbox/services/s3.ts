import { AwsServiceError } from "../aws-error.ts";
import { BUCKETS, type BucketRow } from "../data/s3.ts";
import { paginate, S3_PAGES } from "../paging.ts";
import { type ServiceSim, type SimRequest, tagList } from "./types.ts";

/** S3 bucket-level reads. Unconfigured settings answer with the 404 errors S3 really returns. */
const buckets = (r: SimRequest) => BUCKETS[r.account.name] ?? [];
const notFound = (code: string, message: string, r: SimRequest) =>
  new AwsServiceError(code, message, r.operation, 404);

function bucket(r: SimRequest): BucketRow {
  const name = r.params.Bucket;
  if (typeof name !== "string" || name === "") {
    throw new AwsServiceError("ValidationError", "Missing required parameter: Bucket", r.operation);
  }
  const found = buckets(r).find((b) => b.name === name);
  if (!found) throw notFound("NoSuchBucket", "The specified bucket does not exist", r);
  return found;
}

export const s3: ServiceSim = {
  ListBuckets(r) {
    const region = r.params.BucketRegion;
    const prefix = typeof r.params.Prefix === "string" ? r.params.Prefix : "";
    const list = buckets(r)
      .filter((b) => (region === undefined || b.region === region) && b.name.startsWith(prefix))
      .map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region }));
    const page = paginate(r, list, S3_PAGES, "Buckets");
    return {
      ...page,
      Owner: { DisplayName: `aws+${r.account.name}`, ID: `${r.account.id}c0ffee`.padEnd(64, "0") },
    };
  },
  GetBucketLocation(r) {
    const b = bucket(r);
    return { LocationConstraint: b.region === "us-east-1" ? null : b.region };
  },
  GetBucketEncryption(r) {
    const b = bucket(r);
    if (!b.encryption) {
      throw notFound(
        "ServerSideEncryptionConfigurationNotFoundError",
        "The server side encryption configuration was not found",
        r,
      );
    }
    const kms =
      b.encryption === "aws:kms"
        ? { KMSMasterKeyID: `arn:aws:kms:${b.region}:${r.account.id}:alias/s3-default` }
        : {};
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption, ...kms },
            BucketKeyEnabled: b.encryption === "aws:kms",
          },
        ],
      },
    };
  },
  GetPublicAccessBlock(r) {
    const b = bucket(r);
    if (!b.publicAccessBlock) {
      throw notFound(
        "NoSuchPublicAccessBlockConfiguration",
        "The public access block configuration was not found",
        r,
      );
    }
    const all = b.publicAccessBlock === "all";
    const acls = all || b.publicAccessBlock === "acls-only";
    return {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: acls,
        IgnorePublicAcls: acls,
        BlockPublicPolicy: all,
        RestrictPublicBuckets: all,
      },
    };
  },
  GetBucketPolicyStatus(r) {
    const b = bucket(r);
    if (!b.policy) throw notFound("NoSuchBucketPolicy", "The bucket policy does not exist", r);
    return { PolicyStatus: { IsPublic: b.policy === "public" } };
  },
  GetBucketVersioning(r) {
    const b = bucket(r);
    return b.versioning ? { Status: b.versioning, MFADelete: "Disabled" } : {};
  },
  GetBucketLifecycleConfiguration(r) {
    const b = bucket(r);
    if (!b.lifecycle)
      throw notFound("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", r);
    return {
      Rules: b.lifecycle.map((rule) => ({
        ID: rule.id,
        Filter: { Prefix: rule.prefix },
        Status: "Enabled",
        ...(rule.expireDays ? { Expiration: { Days: rule.expireDays } } : {}),
        ...(rule.glacierDays ? { Transitions: [{ Days: rule.glacierDays, StorageClass: "GLACIER" }] } : {}),
      })),
      TransitionDefaultMinimumObjectSize: "all_storage_classes_128K",
    };
  },
  GetBucketTagging(r) {
    const b = bucket(r);
    if (!b.tags) throw notFound("NoSuchTagSet", "The TagSet does not exist", r);
    return { TagSet: tagList(b.tags) };
  },
  GetBucketLogging(r) {
    const b = bucket(r);
    const central = b.name.includes("cloudtrail") || b.name.includes("logs");
    return central
      ? {}
      : {
          LoggingEnabled: { TargetBucket: `acme-s3-access-logs-${r.account.id}`, TargetPrefix: `${b.name}/` },
        };
  },
};
