import type { ByAccountRegion, ImageRow, InstanceRow, VolumeRow } from "./types.ts";

/** Instances (running and stopped), EBS volumes (some unattached) and AMIs owned by each account. */
// biome-ignore format: one resource per line reads as a table
export const COMPUTE: ByAccountRegion<{ instances: InstanceRow[]; volumes: VolumeRow[]; images: ImageRow[] }> = {
  central: {
    "us-east-1": {
      instances: [
        { id: "i-0c1a4f00000000001", name: "grafana", type: "t3.medium", state: "running", az: "us-east-1a", subnet: "subnet-0c1a000000000a001", vpc: "vpc-0c1a2b3c4d5e60001", privateIp: "10.0.1.20", launched: "2026-06-02T09:14:00Z", image: "ami-0c1a00000000000a1", groups: ["sg-0c1a00000000000a1"], tags: { Team: "platform" } },
      ],
      volumes: [{ id: "vol-0c1a0000000000001", size: 50, type: "gp3", az: "us-east-1a", created: "2026-06-02T09:14:00Z", encrypted: true, instance: "i-0c1a4f00000000001" }],
      images: [{ id: "ami-0c1a00000000000a1", name: "ops-base-al2023-2026.05", created: "2026-05-28T11:00:00Z", description: "Hardened Amazon Linux 2023 base" }],
    },
  },
  production: {
    "us-east-1": {
      instances: [
        { id: "i-0a10c0ffee0000001", name: "prod-web-1", type: "m6i.large", state: "running", az: "us-east-1a", subnet: "subnet-0a10000000000a002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.10.21", launched: "2026-10-03T07:30:00Z", image: "ami-0a10000000000b001", groups: ["sg-0a1000000000000a2"], tags: { Service: "storefront", Team: "web" } },
        { id: "i-0a10c0ffee0000002", name: "prod-web-2", type: "m6i.large", state: "running", az: "us-east-1b", subnet: "subnet-0a10000000000b002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.12.22", launched: "2026-10-03T07:31:00Z", image: "ami-0a10000000000b001", groups: ["sg-0a1000000000000a2"], tags: { Service: "storefront", Team: "web" } },
        { id: "i-0a10c0ffee0000003", name: "prod-api-1", type: "c6i.xlarge", state: "running", az: "us-east-1a", subnet: "subnet-0a10000000000a002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.10.40", launched: "2026-09-18T14:02:00Z", image: "ami-0a10000000000b001", groups: ["sg-0a1000000000000a2"], tags: { Service: "orders-api", Team: "orders" } },
        { id: "i-0a10c0ffee0000004", name: "prod-api-2", type: "c6i.xlarge", state: "running", az: "us-east-1b", subnet: "subnet-0a10000000000b002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.12.41", launched: "2026-09-18T14:03:00Z", image: "ami-0a10000000000b001", groups: ["sg-0a1000000000000a2"], tags: { Service: "orders-api", Team: "orders" } },
        { id: "i-0a10c0ffee0000005", name: "prod-bastion", type: "t3.micro", state: "running", az: "us-east-1a", subnet: "subnet-0a10000000000a001", vpc: "vpc-0a10000000000e001", privateIp: "10.10.0.10", publicIp: "54.210.33.17", launched: "2025-12-11T10:00:00Z", image: "ami-0a10000000000b002", groups: ["sg-0a1000000000000a3"], tags: { Team: "platform" } },
        { id: "i-0a10c0ffee0000006", name: "prod-batch-worker", type: "r6i.2xlarge", state: "stopped", az: "us-east-1b", subnet: "subnet-0a10000000000b002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.12.60", launched: "2026-08-01T02:00:00Z", image: "ami-0a10000000000b001", groups: ["sg-0a1000000000000a2"], tags: { Service: "billing-batch", Team: "billing" } },
        { id: "i-0a10c0ffee0000007", name: "legacy-reporting", type: "m4.large", state: "stopped", az: "us-east-1a", subnet: "subnet-0a10000000000a002", vpc: "vpc-0a10000000000e001", privateIp: "10.10.10.99", launched: "2019-04-17T16:45:00Z", image: "ami-0a10000000000b003", groups: ["sg-0a1000000000000a2"], tags: { Team: "finance", Decommission: "2026-Q4" } },
      ],
      volumes: [
        { id: "vol-0a10000000000001", size: 100, type: "gp3", az: "us-east-1a", created: "2026-10-03T07:30:00Z", encrypted: true, instance: "i-0a10c0ffee0000001" },
        { id: "vol-0a10000000000002", size: 100, type: "gp3", az: "us-east-1b", created: "2026-10-03T07:31:00Z", encrypted: true, instance: "i-0a10c0ffee0000002" },
        { id: "vol-0a10000000000003", size: 500, type: "io2", az: "us-east-1b", created: "2026-08-01T02:00:00Z", encrypted: true, instance: "i-0a10c0ffee0000006" },
        { id: "vol-0a10000000000004", size: 250, type: "gp2", az: "us-east-1a", created: "2023-02-09T12:00:00Z", encrypted: false, name: "reporting-db-restore-old" },
        { id: "vol-0a10000000000005", size: 1000, type: "st1", az: "us-east-1b", created: "2024-07-30T08:20:00Z", encrypted: true, name: "log-archive-tmp" },
      ],
      images: [
        { id: "ami-0a10000000000b001", name: "prod-app-golden-2026.09", created: "2026-09-15T03:00:00Z", description: "Golden image for app tier" },
        { id: "ami-0a10000000000b002", name: "bastion-al2023-2025.12", created: "2025-12-10T03:00:00Z", description: "Bastion host" },
        { id: "ami-0a10000000000b003", name: "reporting-ubuntu1804-2019", created: "2019-04-16T09:00:00Z", description: "Legacy reporting server (Ubuntu 18.04)", public: true },
      ],
    },
    "eu-west-1": {
      instances: [
        { id: "i-0a11c0ffee0000001", name: "prod-eu-web-1", type: "m6g.large", state: "running", az: "eu-west-1a", subnet: "subnet-0a11000000000a001", vpc: "vpc-0a11000000000e001", privateIp: "10.11.0.21", launched: "2026-10-20T06:00:00Z", image: "ami-0a11000000000b001", groups: ["sg-0a1100000000000a1"], tags: { Service: "storefront", Team: "web" } },
        { id: "i-0a11c0ffee0000002", name: "prod-eu-web-2", type: "m6g.large", state: "running", az: "eu-west-1b", subnet: "subnet-0a11000000000b002", vpc: "vpc-0a11000000000e001", privateIp: "10.11.12.22", launched: "2026-10-20T06:01:00Z", image: "ami-0a11000000000b001", groups: ["sg-0a1100000000000a1"], tags: { Service: "storefront", Team: "web" } },
        { id: "i-0a11c0ffee0000003", name: "win-jumphost", type: "t3.large", state: "running", az: "eu-west-1a", subnet: "subnet-0a11000000000a001", vpc: "vpc-0a11000000000e001", privateIp: "10.11.0.50", publicIp: "34.245.18.201", launched: "2024-03-05T13:20:00Z", image: "ami-0a11000000000b002", groups: ["sg-0a1100000000000a2"], platform: "windows", tags: { Team: "finance" } },
      ],
      volumes: [
        { id: "vol-0a11000000000001", size: 80, type: "gp3", az: "eu-west-1a", created: "2026-10-20T06:00:00Z", encrypted: true, instance: "i-0a11c0ffee0000001" },
        { id: "vol-0a11000000000002", size: 30, type: "gp2", az: "eu-west-1a", created: "2024-03-05T13:20:00Z", encrypted: false, instance: "i-0a11c0ffee0000003" },
        { id: "vol-0a11000000000003", size: 200, type: "gp2", az: "eu-west-1b", created: "2025-01-14T10:10:00Z", encrypted: false, name: "migration-scratch" },
      ],
      images: [
        { id: "ami-0a11000000000b001", name: "prod-app-golden-arm64-2026.10", created: "2026-10-18T03:00:00Z", description: "Golden image for app tier (Graviton)" },
        { id: "ami-0a11000000000b002", name: "win2019-jumphost", created: "2024-03-01T03:00:00Z", description: "Windows Server 2019 jump host" },
      ],
    },
    "us-west-2": {
      instances: [
        { id: "i-0a12c0ffee0000001", name: "prod-dr-standby", type: "m6i.large", state: "stopped", az: "us-west-2a", subnet: "subnet-0a12000000000a002", vpc: "vpc-0a12000000000e001", privateIp: "10.12.10.5", launched: "2026-07-07T12:00:00Z", image: "ami-0a12000000000b001", groups: ["sg-0a1200000000000a1"], tags: { Service: "storefront", Role: "disaster-recovery" } },
      ],
      volumes: [{ id: "vol-0a12000000000001", size: 100, type: "gp3", az: "us-west-2a", created: "2026-07-07T12:00:00Z", encrypted: true, instance: "i-0a12c0ffee0000001" }],
      images: [{ id: "ami-0a12000000000b001", name: "prod-app-golden-2026.07-dr", created: "2026-07-06T03:00:00Z", description: "Copy of the golden image for DR" }],
    },
  },
  staging: {
    "us-east-1": {
      instances: [
        { id: "i-0b20c0ffee0000001", name: "stg-web-1", type: "t3.large", state: "running", az: "us-east-1a", subnet: "subnet-0b20000000000a002", vpc: "vpc-0b20000000000e001", privateIp: "10.20.10.21", launched: "2026-11-20T09:00:00Z", image: "ami-0b20000000000b001", groups: ["sg-0b2000000000000a1"], tags: { Service: "storefront" } },
        { id: "i-0b20c0ffee0000002", name: "stg-api-1", type: "t3.xlarge", state: "running", az: "us-east-1a", subnet: "subnet-0b20000000000a001", vpc: "vpc-0b20000000000e001", privateIp: "10.20.0.31", publicIp: "3.91.200.14", launched: "2026-11-20T09:05:00Z", image: "ami-0b20000000000b001", groups: ["sg-0b2000000000000a2"], tags: { Service: "orders-api" } },
        { id: "i-0b20c0ffee0000003", name: "stg-load-generator", type: "c6i.4xlarge", state: "stopped", az: "us-east-1a", subnet: "subnet-0b20000000000a002", vpc: "vpc-0b20000000000e001", privateIp: "10.20.10.90", launched: "2026-05-12T15:00:00Z", image: "ami-0b20000000000b001", groups: ["sg-0b2000000000000a1"], tags: { Team: "perf" } },
      ],
      volumes: [
        { id: "vol-0b20000000000001", size: 50, type: "gp3", az: "us-east-1a", created: "2026-11-20T09:00:00Z", encrypted: true, instance: "i-0b20c0ffee0000001" },
        { id: "vol-0b20000000000002", size: 64, type: "gp2", az: "us-east-1a", created: "2025-09-30T17:00:00Z", encrypted: false, name: "stg-es-data-old" },
      ],
      images: [{ id: "ami-0b20000000000b001", name: "stg-app-2026.11", created: "2026-11-19T03:00:00Z", description: "Staging app image" }],
    },
    "eu-west-1": {
      instances: [
        { id: "i-0b21c0ffee0000001", name: "stg-eu-app-1", type: "t4g.medium", state: "running", az: "eu-west-1a", subnet: "subnet-0b21000000000a002", vpc: "vpc-0b21000000000e001", privateIp: "10.21.10.11", launched: "2026-11-02T08:00:00Z", image: "ami-0b21000000000b001", groups: ["sg-0b2100000000000a1"], tags: { Service: "storefront" } },
      ],
      volumes: [],
      images: [{ id: "ami-0b21000000000b001", name: "stg-app-arm64-2026.11", created: "2026-11-01T03:00:00Z", description: "Staging app image (Graviton)" }],
    },
  },
  development: {
    "us-east-1": {
      instances: [
        { id: "i-0d30c0ffee0000001", name: "dev-alice", type: "t3.large", state: "running", az: "us-east-1a", subnet: "subnet-0d30000000000a001", vpc: "vpc-0d30000000000e001", privateIp: "10.30.0.11", publicIp: "44.201.7.90", launched: "2026-11-24T08:12:00Z", image: "ami-0d30000000000b001", groups: ["sg-0d3000000000000a1"], tags: { Owner: "alice" } },
        { id: "i-0d30c0ffee0000002", name: "dev-bob", type: "t3.large", state: "stopped", az: "us-east-1a", subnet: "subnet-0d30000000000a001", vpc: "vpc-0d30000000000e001", privateIp: "10.30.0.12", launched: "2026-10-30T10:40:00Z", image: "ami-0d30000000000b001", groups: ["sg-0d3000000000000a1"], tags: { Owner: "bob" } },
        { id: "i-0d30c0ffee0000003", name: "ci-runner-1", type: "c6i.2xlarge", state: "running", az: "us-east-1c", subnet: "subnet-0d30000000000c002", vpc: "vpc-0d30000000000e001", privateIp: "10.30.12.31", launched: "2026-11-25T22:00:00Z", image: "ami-0d30000000000b002", groups: ["sg-0d3000000000000a3"], tags: { Service: "ci" } },
        { id: "i-0d30c0ffee0000004", name: "ci-runner-2", type: "c6i.2xlarge", state: "running", az: "us-east-1c", subnet: "subnet-0d30000000000c002", vpc: "vpc-0d30000000000e001", privateIp: "10.30.12.32", launched: "2026-11-25T22:00:00Z", image: "ami-0d30000000000b002", groups: ["sg-0d3000000000000a3"], tags: { Service: "ci" } },
        { id: "i-0d30c0ffee0000005", name: "jenkins-old", type: "m5.xlarge", state: "stopped", az: "us-east-1a", subnet: "subnet-0d30000000000a001", vpc: "vpc-0d30000000000e001", privateIp: "10.30.0.80", launched: "2021-02-03T11:00:00Z", image: "ami-0d30000000000b003", groups: ["sg-0d3000000000000a4"], tags: { Service: "ci", Owner: "unknown" } },
        { id: "i-0d30c0ffee0000006", name: "win-test", type: "t3.medium", state: "running", az: "us-east-1a", subnet: "subnet-0d30000000000a001", vpc: "vpc-0d30000000000e001", privateIp: "10.30.0.90", publicIp: "18.232.41.5", launched: "2026-11-10T15:30:00Z", image: "ami-0d30000000000b004", groups: ["sg-0d3000000000000a2"], platform: "windows", tags: { Owner: "qa" } },
      ],
      volumes: [
        { id: "vol-0d30000000000001", size: 40, type: "gp3", az: "us-east-1a", created: "2026-11-24T08:12:00Z", encrypted: false, instance: "i-0d30c0ffee0000001" },
        { id: "vol-0d30000000000002", size: 200, type: "gp3", az: "us-east-1c", created: "2026-11-25T22:00:00Z", encrypted: true, instance: "i-0d30c0ffee0000003" },
        { id: "vol-0d30000000000003", size: 200, type: "gp3", az: "us-east-1c", created: "2026-11-25T22:00:00Z", encrypted: true, instance: "i-0d30c0ffee0000004" },
        { id: "vol-0d30000000000004", size: 8, type: "gp2", az: "us-east-1a", created: "2022-06-01T09:00:00Z", encrypted: false, name: "old-jenkins-home" },
        { id: "vol-0d30000000000005", size: 16, type: "gp2", az: "us-east-1a", created: "2024-01-19T14:00:00Z", encrypted: false },
        { id: "vol-0d30000000000006", size: 120, type: "gp3", az: "us-east-1c", created: "2026-03-03T10:00:00Z", encrypted: true, name: "ci-cache-spare" },
      ],
      images: [
        { id: "ami-0d30000000000b001", name: "dev-workstation-2026.10", created: "2026-10-01T03:00:00Z", description: "Developer workstation" },
        { id: "ami-0d30000000000b002", name: "ci-runner-2026.11", created: "2026-11-20T03:00:00Z", description: "CI runner image" },
        { id: "ami-0d30000000000b003", name: "jenkins-2020", created: "2020-12-01T03:00:00Z", description: "Old Jenkins master" },
        { id: "ami-0d30000000000b004", name: "win2022-test", created: "2026-09-09T03:00:00Z", description: "Windows Server 2022 test image" },
      ],
    },
    "us-west-2": {
      instances: [
        { id: "i-0d32c0ffee0000001", name: "ml-experiment-gpu", type: "g5.xlarge", state: "stopped", az: "us-west-2b", subnet: "subnet-0d32000000000b001", vpc: "vpc-0d32000000000e001", privateIp: "10.32.1.15", launched: "2026-08-22T18:00:00Z", image: "ami-0d32000000000b001", groups: ["sg-0d3200000000000a1"], tags: { Owner: "data-science" } },
      ],
      volumes: [{ id: "vol-0d32000000000001", size: 500, type: "gp3", az: "us-west-2b", created: "2026-08-22T18:00:00Z", encrypted: true, instance: "i-0d32c0ffee0000001" }],
      images: [],
    },
  },
  data: {
    "us-east-1": {
      instances: [
        { id: "i-0e40c0ffee0000001", name: "airflow-scheduler", type: "m6i.xlarge", state: "running", az: "us-east-1a", subnet: "subnet-0e40000000000a002", vpc: "vpc-0e40000000000e001", privateIp: "10.40.10.10", launched: "2026-09-01T06:00:00Z", image: "ami-0e40000000000b001", groups: ["sg-0e4000000000000a1"], tags: { Service: "airflow", Team: "data" } },
        { id: "i-0e40c0ffee0000002", name: "etl-worker-1", type: "r6i.2xlarge", state: "running", az: "us-east-1a", subnet: "subnet-0e40000000000a002", vpc: "vpc-0e40000000000e001", privateIp: "10.40.10.21", launched: "2026-11-01T06:00:00Z", image: "ami-0e40000000000b001", groups: ["sg-0e4000000000000a2"], tags: { Service: "etl", Team: "data" } },
        { id: "i-0e40c0ffee0000003", name: "etl-worker-2", type: "r6i.2xlarge", state: "running", az: "us-east-1b", subnet: "subnet-0e40000000000b002", vpc: "vpc-0e40000000000e001", privateIp: "10.40.12.22", launched: "2026-11-01T06:00:00Z", image: "ami-0e40000000000b001", groups: ["sg-0e4000000000000a2"], tags: { Service: "etl", Team: "data" } },
        { id: "i-0e40c0ffee0000004", name: "etl-worker-3", type: "r6i.2xlarge", state: "stopped", az: "us-east-1b", subnet: "subnet-0e40000000000b002", vpc: "vpc-0e40000000000e001", privateIp: "10.40.12.23", launched: "2026-11-01T06:00:00Z", image: "ami-0e40000000000b001", groups: ["sg-0e4000000000000a2"], tags: { Service: "etl", Team: "data" } },
      ],
      volumes: [
        { id: "vol-0e40000000000001", size: 1000, type: "gp3", az: "us-east-1a", created: "2026-11-01T06:00:00Z", encrypted: true, instance: "i-0e40c0ffee0000002" },
        { id: "vol-0e40000000000002", size: 2000, type: "sc1", az: "us-east-1b", created: "2025-05-05T05:05:00Z", encrypted: true, name: "warehouse-export-2025" },
      ],
      images: [{ id: "ami-0e40000000000b001", name: "data-worker-2026.08", created: "2026-08-30T03:00:00Z", description: "ETL worker image" }],
    },
  },
};
