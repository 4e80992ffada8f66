import type { ByAccountRegion } from "./types.ts";

export interface DbInstanceRow {
  id: string;
  engine: string;
  version: string;
  class: string;
  status: "available" | "stopped" | "backing-up" | "modifying";
  multiAz: boolean;
  encrypted: boolean;
  public: boolean;
  storage: number;
  az: string;
  created: string;
  backupDays: number;
  deletionProtection: boolean;
  /** Member of this Aurora cluster (storage and Multi-AZ then belong to the cluster). */
  cluster?: string;
  tags?: Record<string, string>;
}

export interface DbClusterRow {
  id: string;
  engine: string;
  version: string;
  status: string;
  encrypted: boolean;
  /** Writer first. */
  members: string[];
  azs: string[];
  created: string;
  backupDays: number;
  deletionProtection: boolean;
  serverless?: { min: number; max: number };
}

export interface DbSnapshotRow {
  id: string;
  of: string;
  type: "manual" | "automated";
  created: string;
  cluster?: boolean;
}

/** RDS: a production database without Multi-AZ, an unencrypted one, publicly accessible ones, Aurora clusters. */
// biome-ignore format: one resource per line reads as a table
export const RDS: ByAccountRegion<{ instances: DbInstanceRow[]; clusters: DbClusterRow[]; snapshots: DbSnapshotRow[] }> = {
  production: {
    "us-east-1": {
      instances: [
        { id: "prod-orders-db-1", engine: "aurora-postgresql", version: "15.4", class: "db.r6g.2xlarge", status: "available", multiAz: false, encrypted: true, public: false, storage: 1, az: "us-east-1a", created: "2023-05-10T08:00:00Z", backupDays: 14, deletionProtection: true, cluster: "prod-orders" },
        { id: "prod-orders-db-2", engine: "aurora-postgresql", version: "15.4", class: "db.r6g.2xlarge", status: "available", multiAz: false, encrypted: true, public: false, storage: 1, az: "us-east-1b", created: "2023-05-10T08:10:00Z", backupDays: 14, deletionProtection: true, cluster: "prod-orders" },
        { id: "prod-billing-mysql", engine: "mysql", version: "8.0.35", class: "db.r6g.xlarge", status: "available", multiAz: false, encrypted: true, public: false, storage: 500, az: "us-east-1a", created: "2021-11-02T08:00:00Z", backupDays: 7, deletionProtection: true, tags: { Service: "billing", Tier: "critical" } },
        { id: "prod-legacy-reporting", engine: "postgres", version: "11.22", class: "db.m4.large", status: "stopped", multiAz: false, encrypted: false, public: false, storage: 200, az: "us-east-1a", created: "2018-02-14T08:00:00Z", backupDays: 1, deletionProtection: false, tags: { Owner: "finance" } },
      ],
      clusters: [
        { id: "prod-orders", engine: "aurora-postgresql", version: "15.4", status: "available", encrypted: true, members: ["prod-orders-db-1", "prod-orders-db-2"], azs: ["us-east-1a", "us-east-1b", "us-east-1c"], created: "2023-05-10T07:50:00Z", backupDays: 14, deletionProtection: true },
      ],
      snapshots: [
        { id: "prod-billing-pre-migration-2026-10-01", of: "prod-billing-mysql", type: "manual", created: "2026-10-01T02:00:00Z" },
        { id: "rds:prod-billing-mysql-2026-11-26-03-10", of: "prod-billing-mysql", type: "automated", created: "2026-11-26T03:10:00Z" },
        { id: "rds:prod-legacy-reporting-2026-11-20-03-00", of: "prod-legacy-reporting", type: "automated", created: "2026-11-20T03:00:00Z" },
        { id: "rds:prod-orders-2026-11-26-04-00", of: "prod-orders", type: "automated", created: "2026-11-26T04:00:00Z", cluster: true },
      ],
    },
    "eu-west-1": {
      instances: [
        { id: "prod-eu-orders", engine: "postgres", version: "16.3", class: "db.m6g.xlarge", status: "available", multiAz: true, encrypted: true, public: false, storage: 300, az: "eu-west-1a", created: "2024-09-01T08:00:00Z", backupDays: 14, deletionProtection: true, tags: { Service: "orders-api" } },
      ],
      clusters: [],
      snapshots: [{ id: "rds:prod-eu-orders-2026-11-26-02-30", of: "prod-eu-orders", type: "automated", created: "2026-11-26T02:30:00Z" }],
    },
  },
  staging: {
    "us-east-1": {
      instances: [
        { id: "stg-orders-db", engine: "postgres", version: "16.3", class: "db.t4g.large", status: "available", multiAz: false, encrypted: true, public: false, storage: 100, az: "us-east-1a", created: "2024-01-15T08:00:00Z", backupDays: 3, deletionProtection: false },
        { id: "stg-analytics-temp", engine: "mysql", version: "5.7.44", class: "db.t3.medium", status: "available", multiAz: false, encrypted: false, public: true, storage: 50, az: "us-east-1b", created: "2020-06-30T08:00:00Z", backupDays: 0, deletionProtection: false, tags: { Note: "temporary (2020)" } },
      ],
      clusters: [],
      snapshots: [{ id: "stg-orders-before-schema-v42", of: "stg-orders-db", type: "manual", created: "2026-11-18T16:00:00Z" }],
    },
  },
  development: {
    "us-east-1": {
      instances: [
        { id: "dev-shared-postgres", engine: "postgres", version: "15.5", class: "db.t3.medium", status: "available", multiAz: false, encrypted: false, public: true, storage: 20, az: "us-east-1a", created: "2022-03-03T08:00:00Z", backupDays: 1, deletionProtection: false },
        { id: "dev-mysql-alice", engine: "mysql", version: "8.0.39", class: "db.t4g.micro", status: "stopped", multiAz: false, encrypted: true, public: false, storage: 20, az: "us-east-1a", created: "2026-07-21T08:00:00Z", backupDays: 1, deletionProtection: false, tags: { Owner: "alice" } },
      ],
      clusters: [],
      snapshots: [
        { id: "dev-shared-postgres-before-upgrade", of: "dev-shared-postgres", type: "manual", created: "2024-04-04T12:00:00Z" },
        { id: "old-jenkins-db-final", of: "jenkins-db", type: "manual", created: "2021-02-01T12:00:00Z" },
      ],
    },
  },
  data: {
    "us-east-1": {
      instances: [
        { id: "data-warehouse-staging-1", engine: "aurora-mysql", version: "8.0.mysql_aurora.3.05.2", class: "db.serverless", status: "available", multiAz: false, encrypted: true, public: false, storage: 1, az: "us-east-1a", created: "2024-02-02T08:00:00Z", backupDays: 7, deletionProtection: true, cluster: "data-warehouse-staging" },
        { id: "data-airflow-meta", engine: "postgres", version: "14.10", class: "db.t3.large", status: "available", multiAz: false, encrypted: true, public: false, storage: 100, az: "us-east-1b", created: "2022-09-09T08:00:00Z", backupDays: 7, deletionProtection: false, tags: { Service: "airflow" } },
      ],
      clusters: [
        { id: "data-warehouse-staging", engine: "aurora-mysql", version: "8.0.mysql_aurora.3.05.2", status: "available", encrypted: true, members: ["data-warehouse-staging-1"], azs: ["us-east-1a", "us-east-1b", "us-east-1c"], created: "2024-02-02T07:55:00Z", backupDays: 7, deletionProtection: true, serverless: { min: 0.5, max: 16 } },
      ],
      snapshots: [{ id: "rds:data-warehouse-staging-2026-11-26-05-00", of: "data-warehouse-staging", type: "automated", created: "2026-11-26T05:00:00Z", cluster: true }],
    },
  },
};
