import { AwsServiceError } from "../aws-error.ts";
import { type DbClusterRow, type DbInstanceRow, type DbSnapshotRow, RDS } from "../data/rds.ts";
import { paginate, RDS_PAGES } from "../paging.ts";
import { applyFilters } from "./ec2-filters.ts";
import { regionData, type ServiceSim, type SimRequest, tagList } from "./types.ts";

/** RDS describe operations: instances, Aurora clusters, snapshots, with RDS's Marker pagination. */
const data = (r: SimRequest) => regionData(RDS, r, { instances: [], clusters: [], snapshots: [] });
const arn = (r: SimRequest, kind: string, id: string) =>
  `arn:aws:rds:${r.region}:${r.account.id}:${kind}:${id}`;
const host = (r: SimRequest, id: string, kind = "") => `${id}.${kind}c9akciq32.${r.region}.rds.amazonaws.com`;
const port = (engine: string) => (engine.includes("mysql") ? 3306 : 5432);
const kms = (r: SimRequest, on: boolean) =>
  on ? { KmsKeyId: `arn:aws:kms:${r.region}:${r.account.id}:key/mrk-rds-default` } : {};

function instance(row: DbInstanceRow, r: SimRequest): Record<string, unknown> {
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

function cluster(row: DbClusterRow, r: SimRequest): Record<string, unknown> {
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

function snapshot(row: DbSnapshotRow, r: SimRequest): Record<string, unknown> {
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

function one<T>(
  list: T[],
  id: unknown,
  key: (t: T) => string,
  code: string,
  what: string,
  r: SimRequest,
): T[] {
  if (id === undefined) return list;
  const hit = list.filter((t) => key(t) === id);
  if (hit.length === 0) throw new AwsServiceError(code, `${what} ${String(id)} not found.`, r.operation, 404);
  return hit;
}

function snapshots(r: SimRequest, clusters: boolean, idParam: string, sourceParam: string): DbSnapshotRow[] {
  const type = r.params.SnapshotType;
  return data(r).snapshots.filter(
    (s) =>
      (s.cluster === true) === clusters &&
      (r.params[idParam] === undefined || s.id === r.params[idParam]) &&
      (r.params[sourceParam] === undefined || s.of === r.params[sourceParam]) &&
      (type === undefined || s.type === type),
  );
}

export const rds: ServiceSim = {
  DescribeDBInstances(r) {
    const rows = one(
      data(r).instances,
      r.params.DBInstanceIdentifier,
      (i) => i.id,
      "DBInstanceNotFound",
      "DBInstance",
      r,
    );
    const list = applyFilters(
      rows.map((i) => instance(i, r)),
      r.params,
      {
        "db-instance-id": (i) => [i.DBInstanceIdentifier, i.DBInstanceArn],
        "db-cluster-id": (i) => i.DBClusterIdentifier,
        engine: (i) => i.Engine,
        "dbi-resource-id": (i) => i.DbiResourceId,
      },
      r.operation,
    );
    return paginate(list, r.params, RDS_PAGES, "DBInstances", r.operation);
  },
  DescribeDBClusters(r) {
    const rows = one(
      data(r).clusters,
      r.params.DBClusterIdentifier,
      (c) => c.id,
      "DBClusterNotFoundFault",
      "DBCluster",
      r,
    );
    const list = applyFilters(
      rows.map((c) => cluster(c, r)),
      r.params,
      { "db-cluster-id": (c) => [c.DBClusterIdentifier, c.DBClusterArn], engine: (c) => c.Engine },
      r.operation,
    );
    return paginate(list, r.params, RDS_PAGES, "DBClusters", r.operation);
  },
  DescribeDBSnapshots(r) {
    const list = snapshots(r, false, "DBSnapshotIdentifier", "DBInstanceIdentifier");
    if (r.params.DBSnapshotIdentifier !== undefined && list.length === 0) {
      throw new AwsServiceError(
        "DBSnapshotNotFound",
        `DBSnapshot ${String(r.params.DBSnapshotIdentifier)} not found.`,
        r.operation,
        404,
      );
    }
    return paginate(
      list.map((s) => snapshot(s, r)),
      r.params,
      RDS_PAGES,
      "DBSnapshots",
      r.operation,
    );
  },
  DescribeDBClusterSnapshots(r) {
    const list = snapshots(r, true, "DBClusterSnapshotIdentifier", "DBClusterIdentifier");
    return paginate(
      list.map((s) => snapshot(s, r)),
      r.params,
      RDS_PAGES,
      "DBClusterSnapshots",
      r.operation,
    );
  },
};
