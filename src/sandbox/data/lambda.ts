import type { ByAccountRegion } from "./types.ts";

export interface FunctionRow {
  name: string;
  /** Absent for container-image functions (PackageType Image). */
  runtime?: string;
  memory: number;
  timeout: number;
  modified: string;
  description: string;
  arch?: "arm64";
  /** Reserved concurrency (GetFunctionConcurrency); absent → unreserved. */
  reserved?: number;
  /** Event sources: SQS, Kinesis, DynamoDB stream ARNs' last part, e.g. `sqs:orders-events`. */
  sources?: string[];
  /** A function URL and its AuthType (`NONE`: anyone on the internet may invoke it). */
  url?: "NONE" | "AWS_IAM";
}

/**
 * Lambda functions, including deprecated runtimes (python3.7, nodejs14.x, go1.x…) and a container image;
 * three have a public function URL (`url: NONE`), one an IAM-authenticated one.
 */
// biome-ignore format: one function per line reads as a table
export const FUNCTIONS: ByAccountRegion<FunctionRow[]> = {
  central: {
    "us-east-1": [
      { name: "org-config-aggregator", runtime: "python3.12", memory: 256, timeout: 120, modified: "2026-06-10T10:00:00.000+0000", description: "Aggregates AWS Config across the organization" },
      { name: "ops-agent-notifier", runtime: "nodejs20.x", memory: 128, timeout: 10, modified: "2026-09-01T10:00:00.000+0000", description: "Posts ops-agent findings to chat", arch: "arm64" },
    ],
  },
  production: {
    "us-east-1": [
      { name: "orders-webhook", runtime: "nodejs18.x", memory: 512, timeout: 30, modified: "2025-03-04T09:12:44.000+0000", description: "Receives payment provider webhooks", reserved: 100, url: "AWS_IAM", sources: ["sqs:orders-webhook-dlq-replay"] },
      { name: "image-resizer", runtime: "python3.9", memory: 1024, timeout: 60, modified: "2024-11-19T16:40:02.000+0000", description: "Resizes uploaded product images", sources: ["sqs:image-uploads"] },
      { name: "stripe-events", runtime: "nodejs20.x", memory: 256, timeout: 15, modified: "2026-10-02T08:00:00.000+0000", description: "Stripe event fan-out", arch: "arm64", url: "NONE" },
      { name: "billing-report-generator", runtime: "python3.7", memory: 3008, timeout: 900, modified: "2022-01-31T23:59:59.000+0000", description: "Monthly billing PDF reports", reserved: 1 },
      { name: "legacy-sqs-consumer", runtime: "go1.x", memory: 128, timeout: 30, modified: "2021-07-07T07:07:07.000+0000", description: "Consumes the legacy orders queue", sources: ["sqs:legacy-orders"] },
      { name: "api-authorizer", runtime: "python3.12", memory: 256, timeout: 5, modified: "2026-11-12T12:00:00.000+0000", description: "API Gateway token authorizer", reserved: 200 },
      { name: "search-indexer", runtime: "java17", memory: 2048, timeout: 300, modified: "2026-08-08T08:08:08.000+0000", description: "Indexes product changes into OpenSearch", sources: ["dynamodb:products"] },
    ],
    "eu-west-1": [
      { name: "eu-orders-webhook", runtime: "nodejs20.x", memory: 512, timeout: 30, modified: "2026-10-20T06:30:00.000+0000", description: "Receives payment provider webhooks (EU)" },
      { name: "gdpr-export", runtime: "python3.11", memory: 1024, timeout: 900, modified: "2026-02-02T10:00:00.000+0000", description: "Builds GDPR data export archives" },
    ],
    "us-west-2": [
      { name: "dr-health-check", runtime: "python3.12", memory: 128, timeout: 30, modified: "2026-07-07T12:30:00.000+0000", description: "Checks the DR standby every 5 minutes" },
    ],
  },
  staging: {
    "us-east-1": [
      { name: "stg-orders-webhook", runtime: "nodejs20.x", memory: 512, timeout: 30, modified: "2026-11-20T09:10:00.000+0000", description: "Receives payment provider webhooks (staging)", url: "NONE" },
      { name: "stg-image-resizer", runtime: "python3.12", memory: 1024, timeout: 60, modified: "2026-11-20T09:11:00.000+0000", description: "Resizes uploaded product images (staging)", sources: ["sqs:stg-image-uploads"] },
      { name: "stg-smoke-tests", runtime: "nodejs14.x", memory: 256, timeout: 120, modified: "2023-05-05T05:05:05.000+0000", description: "Post-deploy smoke tests" },
    ],
    "eu-west-1": [
      { name: "stg-eu-orders-webhook", runtime: "nodejs20.x", memory: 512, timeout: 30, modified: "2026-11-02T08:10:00.000+0000", description: "Receives payment provider webhooks (staging EU)" },
    ],
  },
  development: {
    "us-east-1": [
      { name: "dev-playground", runtime: "python3.13", memory: 128, timeout: 3, modified: "2026-11-25T17:00:00.000+0000", description: "Scratch function" },
      { name: "hackathon-bot", runtime: "nodejs16.x", memory: 256, timeout: 10, modified: "2023-09-15T15:00:00.000+0000", description: "Hackathon 2023 Slack bot", url: "NONE" },
      { name: "old-slack-notifier", runtime: "python3.6", memory: 128, timeout: 10, modified: "2020-10-10T10:10:10.000+0000", description: "Deprecated notifier, replaced by ops-agent-notifier" },
      { name: "dev-cron-cleanup", runtime: "python3.12", memory: 256, timeout: 300, modified: "2026-04-01T04:00:00.000+0000", description: "Stops dev instances at night", reserved: 0 },
    ],
    "us-west-2": [
      { name: "ml-feature-extractor", memory: 4096, timeout: 900, modified: "2026-08-23T10:00:00.000+0000", description: "Feature extraction (container image)" },
    ],
  },
  data: {
    "us-east-1": [
      { name: "s3-ingest-trigger", runtime: "python3.8", memory: 512, timeout: 120, modified: "2023-02-02T02:02:02.000+0000", description: "Starts ingestion when raw files land", sources: ["sqs:raw-landing"] },
      { name: "glue-job-starter", runtime: "python3.12", memory: 256, timeout: 60, modified: "2026-09-09T09:09:09.000+0000", description: "Starts Glue jobs on schedule" },
      { name: "kinesis-clickstream", runtime: "java11", memory: 1536, timeout: 120, modified: "2025-05-05T05:05:05.000+0000", description: "Processes the clickstream", sources: ["kinesis:clickstream"], reserved: 50 },
      { name: "quality-checks", runtime: "python3.12", memory: 2048, timeout: 600, modified: "2026-10-10T10:10:10.000+0000", description: "Data quality checks", arch: "arm64" },
    ],
    "eu-west-1": [
      { name: "eu-ingest", runtime: "python3.12", memory: 512, timeout: 120, modified: "2026-03-03T03:03:03.000+0000", description: "EU raw data ingestion", sources: ["sqs:eu-raw-landing"] },
    ],
  },
};
