import type { FunctionRow } from "../data/lambda.ts";
import type { DbClusterRow, DbInstanceRow, DbSnapshotRow } from "../data/rds.ts";
import type { BucketRow } from "../data/s3.ts";
import { type Draw, isoDaysAgo } from "./random.ts";

/**
 * RDS and Lambda of one generated account in one region, and its S3 buckets: more in
 * production than in development, with the findings the built-in tools look for sprinkled in at low
 * rates (an unencrypted or public database, a deprecated Lambda runtime, a bucket without encryption or a
 * public access block).
 */
export const BUSY: Record<string, number> = {
  production: 1,
  staging: 0.6,
  development: 0.5,
  shared: 0.4,
  security: 0.2,
  sandbox: 0.2,
  management: 0.2,
};
const RUNTIMES = [
  "python3.12",
  "python3.12",
  "nodejs20.x",
  "nodejs22.x",
  "java21",
  "python3.9",
  "nodejs16.x",
  "go1.x",
];
const ENGINES = [
  ["postgres", "16.4"],
  ["mysql", "8.0.39"],
  ["postgres", "13.15"],
] as const;

export const busy = (draw: Draw, environment: string, max: number) =>
  Math.round(draw.int(0, max) * (BUSY[environment] ?? 0.3));

export function generateRds(draw: Draw, name: string, environment: string, region: string) {
  const instances: DbInstanceRow[] = [];
  const snapshots: DbSnapshotRow[] = [];
  const clusters: DbClusterRow[] = [];
  for (let n = 0; n < busy(draw, environment, 3); n++) {
    const d = draw.sub(`db:${n}`);
    const [engine, version] = d.pick(ENGINES);
    const id = `${name}-db-${n + 1}`;
    const created = isoDaysAgo(d, 30, 1800);
    const prod = environment === "production";
    instances.push({
      id,
      engine,
      version,
      class: d.pick(prod ? ["db.r6g.large", "db.m6g.xlarge"] : ["db.t4g.medium", "db.t3.medium"]),
      status: d.chance(0.05) ? "stopped" : "available",
      multiAz: prod && !d.chance(0.1),
      encrypted: !d.chance(0.05),
      public: d.chance(0.03),
      storage: d.pick([20, 100, 500]),
      az: `${region}a`,
      created,
      backupDays: prod ? 14 : 7,
      deletionProtection: prod,
      tags: { Environment: environment },
    });
    snapshots.push({
      id: `rds:${id}-2026-11-30-03-00`,
      of: id,
      type: "automated",
      created: "2026-11-30T03:00:00Z",
    });
  }
  return { instances, clusters, snapshots };
}

export function generateFunctions(draw: Draw, name: string, environment: string): FunctionRow[] {
  return Array.from({ length: busy(draw, environment, 8) }, (_, n) => {
    const d = draw.sub(`function:${n}`);
    const row: FunctionRow = {
      name: `${name}-${d.pick(["handler", "worker", "cron", "webhook", "etl"])}-${n + 1}`,
      runtime: d.pick(RUNTIMES),
      memory: d.pick([128, 256, 512, 1024]),
      timeout: d.pick([3, 30, 60, 300]),
      modified: isoDaysAgo(d, 1, 1200).replace("Z", ".000+0000"),
      description: `${name} function ${n + 1}`,
    };
    if (d.chance(0.3)) row.arch = "arm64";
    if (d.chance(0.1)) row.reserved = d.pick([5, 50, 100]);
    if (d.chance(0.2)) row.sources = [`sqs:${name}-queue-${n + 1}`];
    return row;
  });
}

export function generateBuckets(
  draw: Draw,
  name: string,
  id: string,
  regions: readonly string[],
): BucketRow[] {
  return Array.from({ length: draw.int(1, 6) }, (_, n) => {
    const d = draw.sub(`bucket:${n}`);
    return {
      name: `${name}-${d.pick(["logs", "artifacts", "data", "backups", "assets", "exports"])}-${id}-${n + 1}`,
      region: d.pick(regions),
      created: isoDaysAgo(d, 10, 2000),
      encryption: d.chance(0.05) ? null : d.pick(["AES256", "aws:kms"] as const),
      publicAccessBlock: d.chance(0.06) ? null : "all",
      policy: d.chance(0.5) ? "private" : null,
      versioning: d.chance(0.6) ? "Enabled" : null,
      lifecycle: d.chance(0.4) ? [{ id: "expire", prefix: "", expireDays: 365 }] : null,
    };
  });
}
