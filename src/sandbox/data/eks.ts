import type { ByAccountRegion } from "./types.ts";

export interface NodegroupRow {
  name: string;
  instanceTypes: string[];
  min: number;
  max: number;
  desired: number;
  capacity: "ON_DEMAND" | "SPOT";
  amiType: string;
  /** Kubernetes version of the nodes (may lag the control plane). */
  version: string;
  status?: "ACTIVE" | "DEGRADED";
}

export interface EksClusterRow {
  name: string;
  version: string;
  platform: string;
  created: string;
  publicEndpoint: boolean;
  privateEndpoint: boolean;
  publicCidrs: string[];
  /** Control-plane log types enabled (api, audit, authenticator, controllerManager, scheduler). */
  logging: string[];
  /** Versions in extended support are billed extra; EKS reports it in upgradePolicy. */
  support: "STANDARD" | "EXTENDED";
  nodegroups: NodegroupRow[];
  addons: Array<{ name: string; version: string; status?: "ACTIVE" | "DEGRADED" }>;
  fargate: Array<{ name: string; namespaces: string[] }>;
}

/** EKS: `dev-legacy` runs 1.24 with a public endpoint open to the world and no control-plane logs. */
// biome-ignore format: one resource per line reads as a table
export const EKS: ByAccountRegion<EksClusterRow[]> = {
  production: {
    "us-east-1": [
      { name: "prod-platform", version: "1.31", platform: "eks.12", created: "2023-06-01T10:00:00Z", publicEndpoint: false, privateEndpoint: true, publicCidrs: [], logging: ["api", "audit", "authenticator", "controllerManager", "scheduler"], support: "STANDARD",
        nodegroups: [
          { name: "general-m6i", instanceTypes: ["m6i.xlarge"], min: 3, max: 12, desired: 6, capacity: "ON_DEMAND", amiType: "AL2023_x86_64_STANDARD", version: "1.31" },
          { name: "spot-batch", instanceTypes: ["c6i.2xlarge", "c6a.2xlarge", "c5.2xlarge"], min: 0, max: 20, desired: 4, capacity: "SPOT", amiType: "AL2023_x86_64_STANDARD", version: "1.31" },
        ],
        addons: [{ name: "vpc-cni", version: "v1.19.0-eksbuild.1" }, { name: "coredns", version: "v1.11.3-eksbuild.2" }, { name: "kube-proxy", version: "v1.31.2-eksbuild.3" }, { name: "aws-ebs-csi-driver", version: "v1.37.0-eksbuild.1" }],
        fargate: [] },
    ],
    "eu-west-1": [
      { name: "prod-eu-platform", version: "1.30", platform: "eks.20", created: "2024-09-01T10:00:00Z", publicEndpoint: true, privateEndpoint: true, publicCidrs: ["198.51.100.0/24"], logging: ["api", "audit"], support: "STANDARD",
        nodegroups: [{ name: "general-m6g", instanceTypes: ["m6g.xlarge"], min: 2, max: 8, desired: 3, capacity: "ON_DEMAND", amiType: "AL2023_ARM_64_STANDARD", version: "1.30" }],
        addons: [{ name: "vpc-cni", version: "v1.18.3-eksbuild.2" }, { name: "coredns", version: "v1.11.1-eksbuild.9" }, { name: "kube-proxy", version: "v1.30.3-eksbuild.2" }],
        fargate: [] },
    ],
  },
  staging: {
    "us-east-1": [
      { name: "stg-platform", version: "1.30", platform: "eks.20", created: "2023-07-01T10:00:00Z", publicEndpoint: true, privateEndpoint: false, publicCidrs: ["0.0.0.0/0"], logging: ["audit"], support: "STANDARD",
        nodegroups: [{ name: "general", instanceTypes: ["t3.xlarge"], min: 1, max: 4, desired: 2, capacity: "SPOT", amiType: "AL2_x86_64", version: "1.29" }],
        addons: [{ name: "vpc-cni", version: "v1.18.3-eksbuild.2" }, { name: "coredns", version: "v1.11.1-eksbuild.9" }, { name: "kube-proxy", version: "v1.29.7-eksbuild.5" }],
        fargate: [] },
    ],
  },
  development: {
    "us-east-1": [
      { name: "dev-legacy", version: "1.24", platform: "eks.22", created: "2022-10-01T10:00:00Z", publicEndpoint: true, privateEndpoint: false, publicCidrs: ["0.0.0.0/0"], logging: [], support: "EXTENDED",
        nodegroups: [{ name: "old-ng", instanceTypes: ["t3.large"], min: 1, max: 3, desired: 2, capacity: "ON_DEMAND", amiType: "AL2_x86_64", version: "1.23", status: "DEGRADED" }],
        addons: [{ name: "coredns", version: "v1.8.7-eksbuild.3", status: "DEGRADED" }, { name: "kube-proxy", version: "v1.24.7-eksbuild.2" }],
        fargate: [{ name: "fp-default", namespaces: ["default", "kube-system"] }] },
    ],
    "us-west-2": [
      { name: "ml-sandbox", version: "1.29", platform: "eks.23", created: "2025-03-01T10:00:00Z", publicEndpoint: true, privateEndpoint: true, publicCidrs: ["203.0.113.0/24"], logging: ["api"], support: "STANDARD",
        nodegroups: [], addons: [{ name: "coredns", version: "v1.11.1-eksbuild.4" }],
        fargate: [{ name: "notebooks", namespaces: ["jupyter"] }, { name: "system", namespaces: ["kube-system"] }] },
    ],
  },
  data: {
    "us-east-1": [
      { name: "data-spark", version: "1.31", platform: "eks.12", created: "2024-04-01T10:00:00Z", publicEndpoint: false, privateEndpoint: true, publicCidrs: [], logging: ["api", "audit", "authenticator"], support: "STANDARD",
        nodegroups: [{ name: "spark-executors", instanceTypes: ["r6i.4xlarge", "r6a.4xlarge"], min: 0, max: 50, desired: 8, capacity: "SPOT", amiType: "AL2023_x86_64_STANDARD", version: "1.31" }, { name: "system", instanceTypes: ["m6i.large"], min: 2, max: 3, desired: 2, capacity: "ON_DEMAND", amiType: "BOTTLEROCKET_x86_64", version: "1.31" }],
        addons: [{ name: "vpc-cni", version: "v1.19.0-eksbuild.1" }, { name: "coredns", version: "v1.11.3-eksbuild.2" }, { name: "kube-proxy", version: "v1.31.2-eksbuild.3" }, { name: "eks-pod-identity-agent", version: "v1.3.4-eksbuild.1" }],
        fargate: [{ name: "airflow-jobs", namespaces: ["airflow"] }] },
    ],
  },
};
