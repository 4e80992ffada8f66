import type { ByAccountRegion, SecurityGroupRow, SubnetRow, VpcRow } from "./types.ts";

/** VPCs, subnets and security groups. Open-to-world SSH/RDP rules are deliberate findings. */
// biome-ignore format: one resource per line reads as a table
export const NETWORK: ByAccountRegion<{ vpcs: VpcRow[]; subnets: SubnetRow[]; securityGroups: SecurityGroupRow[] }> = {
  central: {
    "us-east-1": {
      vpcs: [{ id: "vpc-0c1a2b3c4d5e60001", name: "ops-vpc", cidr: "10.0.0.0/16" }],
      subnets: [
        { id: "subnet-0c1a000000000a001", name: "ops-private-a", vpc: "vpc-0c1a2b3c4d5e60001", az: "us-east-1a", cidr: "10.0.1.0/24" },
      ],
      securityGroups: [
        { id: "sg-0c1a00000000000a1", name: "grafana", vpc: "vpc-0c1a2b3c4d5e60001", description: "Grafana from VPN", ingress: [{ proto: "tcp", from: 3000, to: 3000, cidrs: ["10.200.0.0/16"], description: "corporate VPN" }] },
      ],
    },
  },
  production: {
    "us-east-1": {
      vpcs: [
        { id: "vpc-0a10000000000e001", name: "prod-vpc", cidr: "10.10.0.0/16" },
        { id: "vpc-0a1000000000def01", name: "default", cidr: "172.31.0.0/16", isDefault: true },
      ],
      subnets: [
        { id: "subnet-0a10000000000a001", name: "prod-public-a", vpc: "vpc-0a10000000000e001", az: "us-east-1a", cidr: "10.10.0.0/24", public: true },
        { id: "subnet-0a10000000000b001", name: "prod-public-b", vpc: "vpc-0a10000000000e001", az: "us-east-1b", cidr: "10.10.1.0/24", public: true },
        { id: "subnet-0a10000000000a002", name: "prod-private-a", vpc: "vpc-0a10000000000e001", az: "us-east-1a", cidr: "10.10.10.0/23" },
        { id: "subnet-0a10000000000b002", name: "prod-private-b", vpc: "vpc-0a10000000000e001", az: "us-east-1b", cidr: "10.10.12.0/23" },
      ],
      securityGroups: [
        { id: "sg-0a1000000000000a1", name: "prod-alb", vpc: "vpc-0a10000000000e001", description: "Public ALB", ingress: [{ proto: "tcp", from: 443, to: 443, cidrs: ["0.0.0.0/0"], ipv6: ["::/0"] }, { proto: "tcp", from: 80, to: 80, cidrs: ["0.0.0.0/0"] }] },
        { id: "sg-0a1000000000000a2", name: "prod-app", vpc: "vpc-0a10000000000e001", description: "App tier from ALB", ingress: [{ proto: "tcp", from: 8080, to: 8080, groups: ["sg-0a1000000000000a1"] }] },
        { id: "sg-0a1000000000000a3", name: "prod-bastion", vpc: "vpc-0a10000000000e001", description: "Bastion SSH (temporary, opened during incident 4711)", ingress: [{ proto: "tcp", from: 22, to: 22, cidrs: ["0.0.0.0/0"] }] },
        { id: "sg-0a1000000000000a4", name: "default", vpc: "vpc-0a10000000000e001", description: "default VPC security group", ingress: [{ proto: "-1", groups: ["sg-0a1000000000000a4"] }] },
      ],
    },
    "eu-west-1": {
      vpcs: [{ id: "vpc-0a11000000000e001", name: "prod-eu-vpc", cidr: "10.11.0.0/16" }],
      subnets: [
        { id: "subnet-0a11000000000a001", name: "prod-eu-public-a", vpc: "vpc-0a11000000000e001", az: "eu-west-1a", cidr: "10.11.0.0/24", public: true },
        { id: "subnet-0a11000000000b002", name: "prod-eu-private-b", vpc: "vpc-0a11000000000e001", az: "eu-west-1b", cidr: "10.11.12.0/23" },
      ],
      securityGroups: [
        { id: "sg-0a1100000000000a1", name: "prod-eu-web", vpc: "vpc-0a11000000000e001", description: "Web tier", ingress: [{ proto: "tcp", from: 443, to: 443, cidrs: ["0.0.0.0/0"] }] },
        { id: "sg-0a1100000000000a2", name: "win-jumphost", vpc: "vpc-0a11000000000e001", description: "RDP for the reporting vendor", ingress: [{ proto: "tcp", from: 3389, to: 3389, cidrs: ["0.0.0.0/0"] }] },
      ],
    },
    "us-west-2": {
      vpcs: [{ id: "vpc-0a12000000000e001", name: "prod-dr-vpc", cidr: "10.12.0.0/16" }],
      subnets: [
        { id: "subnet-0a12000000000a002", name: "prod-dr-private-a", vpc: "vpc-0a12000000000e001", az: "us-west-2a", cidr: "10.12.10.0/23" },
      ],
      securityGroups: [
        { id: "sg-0a1200000000000a1", name: "prod-dr-app", vpc: "vpc-0a12000000000e001", description: "DR app tier", ingress: [{ proto: "tcp", from: 8080, to: 8080, cidrs: ["10.12.0.0/16"] }] },
      ],
    },
  },
  staging: {
    "us-east-1": {
      vpcs: [{ id: "vpc-0b20000000000e001", name: "stg-vpc", cidr: "10.20.0.0/16" }],
      subnets: [
        { id: "subnet-0b20000000000a001", name: "stg-public-a", vpc: "vpc-0b20000000000e001", az: "us-east-1a", cidr: "10.20.0.0/24", public: true },
        { id: "subnet-0b20000000000a002", name: "stg-private-a", vpc: "vpc-0b20000000000e001", az: "us-east-1a", cidr: "10.20.10.0/23" },
      ],
      securityGroups: [
        { id: "sg-0b2000000000000a1", name: "stg-web", vpc: "vpc-0b20000000000e001", description: "Staging web", ingress: [{ proto: "tcp", from: 443, to: 443, cidrs: ["0.0.0.0/0"] }] },
        { id: "sg-0b2000000000000a2", name: "stg-ssh-anywhere", vpc: "vpc-0b20000000000e001", description: "launch-wizard-3", ingress: [{ proto: "tcp", from: 22, to: 22, cidrs: ["0.0.0.0/0"], ipv6: ["::/0"] }] },
      ],
    },
    "eu-west-1": {
      vpcs: [{ id: "vpc-0b21000000000e001", name: "stg-eu-vpc", cidr: "10.21.0.0/16" }],
      subnets: [
        { id: "subnet-0b21000000000a002", name: "stg-eu-private-a", vpc: "vpc-0b21000000000e001", az: "eu-west-1a", cidr: "10.21.10.0/23" },
      ],
      securityGroups: [
        { id: "sg-0b2100000000000a1", name: "stg-eu-app", vpc: "vpc-0b21000000000e001", description: "Staging EU app", ingress: [{ proto: "tcp", from: 8080, to: 8080, cidrs: ["10.21.0.0/16"] }] },
      ],
    },
  },
  development: {
    "us-east-1": {
      vpcs: [
        { id: "vpc-0d30000000000e001", name: "dev-vpc", cidr: "10.30.0.0/16" },
        { id: "vpc-0d3000000000def01", name: "default", cidr: "172.31.0.0/16", isDefault: true },
      ],
      subnets: [
        { id: "subnet-0d30000000000a001", name: "dev-public-a", vpc: "vpc-0d30000000000e001", az: "us-east-1a", cidr: "10.30.0.0/24", public: true },
        { id: "subnet-0d30000000000c002", name: "dev-private-c", vpc: "vpc-0d30000000000e001", az: "us-east-1c", cidr: "10.30.12.0/23" },
      ],
      securityGroups: [
        { id: "sg-0d3000000000000a1", name: "dev-ssh", vpc: "vpc-0d30000000000e001", description: "SSH for developers", ingress: [{ proto: "tcp", from: 22, to: 22, cidrs: ["0.0.0.0/0"] }] },
        { id: "sg-0d3000000000000a2", name: "windows-test", vpc: "vpc-0d30000000000e001", description: "RDP test box", ingress: [{ proto: "tcp", from: 3389, to: 3389, cidrs: ["0.0.0.0/0"] }, { proto: "tcp", from: 5985, to: 5986, cidrs: ["10.30.0.0/16"] }] },
        { id: "sg-0d3000000000000a3", name: "ci-runners", vpc: "vpc-0d30000000000e001", description: "CI runners, egress only", ingress: [] },
        { id: "sg-0d3000000000000a4", name: "wide-open-debug", vpc: "vpc-0d30000000000e001", description: "DO NOT USE", ingress: [{ proto: "-1", cidrs: ["0.0.0.0/0"] }] },
      ],
    },
    "us-west-2": {
      vpcs: [{ id: "vpc-0d32000000000e001", name: "dev-ml-vpc", cidr: "10.32.0.0/16" }],
      subnets: [
        { id: "subnet-0d32000000000b001", name: "dev-ml-public-b", vpc: "vpc-0d32000000000e001", az: "us-west-2b", cidr: "10.32.1.0/24", public: true },
      ],
      securityGroups: [
        { id: "sg-0d3200000000000a1", name: "jupyter", vpc: "vpc-0d32000000000e001", description: "Jupyter", ingress: [{ proto: "tcp", from: 8888, to: 8888, cidrs: ["203.0.113.0/24"] }, { proto: "tcp", from: 22, to: 22, cidrs: ["203.0.113.0/24"] }] },
      ],
    },
  },
  data: {
    "us-east-1": {
      vpcs: [{ id: "vpc-0e40000000000e001", name: "data-vpc", cidr: "10.40.0.0/16" }],
      subnets: [
        { id: "subnet-0e40000000000a002", name: "data-private-a", vpc: "vpc-0e40000000000e001", az: "us-east-1a", cidr: "10.40.10.0/23" },
        { id: "subnet-0e40000000000b002", name: "data-private-b", vpc: "vpc-0e40000000000e001", az: "us-east-1b", cidr: "10.40.12.0/23" },
      ],
      securityGroups: [
        { id: "sg-0e4000000000000a1", name: "airflow", vpc: "vpc-0e40000000000e001", description: "Airflow web from VPN", ingress: [{ proto: "tcp", from: 8080, to: 8080, cidrs: ["10.200.0.0/16"] }] },
        { id: "sg-0e4000000000000a2", name: "etl-workers", vpc: "vpc-0e40000000000e001", description: "ETL workers", ingress: [{ proto: "tcp", from: 22, to: 22, groups: ["sg-0e4000000000000a1"] }] },
      ],
    },
  },
};
