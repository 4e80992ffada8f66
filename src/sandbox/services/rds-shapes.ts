import { type DbClusterRow, type DbInstanceRow, type DbSnapshotRow, RDS } from "../data/rds.ts";
import { regionData, type SimRequest, tagList } from "./types.ts";

/** Expands the RDS fixture rows into the response shapes `describe_db_*` returns in boto3. */
export const data = (r: SimRequest) => regionData(RDS, r, { instances: [], clusters: [], snapshots: [] });
const arn = (r: SimRequest, kind: string, id: string) =>
  `arn:aws:rds:${r.region}:${r.account.id}:${kind}:${id}`;
const host = (r: SimRequest, id: string, kind = "") => `${id}.${kind}c9akciq32.${r.region}.rds.amazonaws.com`;
const port = (engine: string) => (engine.includes("mysql") ? 3306 : 5432);
const kms = (r: SimRequest, on: boolean) =>
  on ? { KmsKeyId: `arn:aws:kms:${r.region}:${r.account.id}:key/mrk-rds-default` } : {};

export function instance(row: DbInstanceRow, r: SimRequest): Record<string, unknown> {
  const secondary = row.az.endsWith("a") ? row.az.replace(/a$/, "b") : row.az.replace(/.$/, "a");
  return {
    DBInstanceIdentifier: row.id,
    DBInstanceClass: row.class,
    Engine: row.engine,
    EngineVersion: row.version,
    DBInstanceStatus: row.status,
    MasterUsername: row.cluster ? undefined : "dbadmin",
    Endpoint: { Address: host(r, row.id), Port: port(row.engine), HostedZoneId: "Z2R2ITUGPM61AM" },
    AllocatedStorage: row.storage,
    InstanceCreateTime: row.created,
    PreferredBackupWindow: "03:00-04:00",
    BackupRetentionPeriod: row.backupDays,
    AvailabilityZone: row.az,
    ...(row.multiAz ? { SecondaryAvailabilityZone: secondary } : {}),
    MultiAZ: row.multiAz,
    AutoMinorVersionUpgrade: true,
    PubliclyAccessible: row.public,
    StorageType: row.cluster ? "aurora" : "gp3",
    StorageEncrypted: row.encrypted,
    ...kms(r, row.encrypted),
    DbiResourceId: `db-${row.id
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 20)}`,
    CACertificateIdentifier: "rds-ca-rsa2048-g1",
    DBInstanceArn: arn(r, "db", row.id),
    DeletionProtection: row.deletionProtection,
    ...(row.cluster ? { DBClusterIdentifier: row.cluster } : {}),
    DBSubnetGroup: { DBSubnetGroupName: `${r.account.name}-db-subnets`, SubnetGroupStatus: "Complete" },
    TagList: tagList({ Environment: r.account.environment, ...row.tags }),
  };
}

export function cluster(row: DbClusterRow, r: SimRequest): Record<string, unknown> {
  return {
    DBClusterIdentifier: row.id,
    DBClusterArn: arn(r, "cluster", row.id),
    Engine: row.engine,
    EngineVersion: row.version,
    EngineMode: "provisioned",
    Status: row.status,
    MultiAZ: row.members.length > 1,
    AvailabilityZones: row.azs,
    Endpoint: host(r, row.id, "cluster-"),
    ReaderEndpoint: host(r, row.id, "cluster-ro-"),
    Port: port(row.engine),
    StorageEncrypted: row.encrypted,
    ...kms(r, row.encrypted),
    BackupRetentionPeriod: row.backupDays,
    DeletionProtection: row.deletionProtection,
    ClusterCreateTime: row.created,
    DBClusterMembers: row.members.map((id, i) => ({
      DBInstanceIdentifier: id,
      IsClusterWriter: i === 0,
      PromotionTier: 1,
    })),
    ...(row.serverless
      ? {
          ServerlessV2ScalingConfiguration: {
            MinCapacity: row.serverless.min,
            MaxCapacity: row.serverless.max,
          },
        }
      : {}),
    TagList: tagList({ Environment: r.account.environment }),
  };
}

export function snapshot(row: DbSnapshotRow, r: SimRequest): Record<string, unknown> {
  const d = data(r);
  const source = d.instances.find((i) => i.id === row.of) ?? d.clusters.find((c) => c.id === row.of);
  const common = {
    SnapshotCreateTime: row.created,
    Engine: source?.engine ?? "postgres",
    EngineVersion: source?.version ?? "12.19",
    Status: "available",
    SnapshotType: row.type,
    StorageEncrypted: source?.encrypted ?? false,
    PercentProgress: 100,
  };
  return row.cluster
    ? {
        DBClusterSnapshotIdentifier: row.id,
        DBClusterIdentifier: row.of,
        DBClusterSnapshotArn: arn(r, "cluster-snapshot", row.id),
        ...common,
      }
    : {
        DBSnapshotIdentifier: row.id,
        DBInstanceIdentifier: row.of,
        DBSnapshotArn: arn(r, "snapshot", row.id),
        AllocatedStorage: (source as DbInstanceRow | undefined)?.storage ?? 20,
        Encrypted: common.StorageEncrypted,
        ...common,
      };
}
