import type { ImageRow, InstanceRow, SecurityGroupRow, SubnetRow, VolumeRow, VpcRow } from "../data/types.ts";
import { type Draw, isoDaysAgo } from "./random.ts";

/**
 * EC2 of one generated account in one region: a VPC with two private and two public subnets, a few
 * security groups (now and then SSH open to the world — a finding), instances by environment (some
 * stopped), their volumes plus unattached ones, and the AMIs they run.
 */
export interface GeneratedEc2 {
  network: { vpcs: VpcRow[]; subnets: SubnetRow[]; securityGroups: SecurityGroupRow[] };
  compute: { instances: InstanceRow[]; volumes: VolumeRow[]; images: ImageRow[] };
}

/** Instances per region by environment: [min, max]. */
const INSTANCES: Record<string, [number, number]> = {
  production: [3, 12],
  staging: [2, 6],
  development: [1, 5],
  shared: [1, 6],
  security: [0, 2],
  sandbox: [0, 3],
  management: [0, 1],
};
const TYPES: Record<string, readonly string[]> = {
  production: ["m6i.large", "m6i.xlarge", "c6i.xlarge", "r6i.large", "m7g.large", "c7g.xlarge"],
  staging: ["t3.large", "m6i.large", "t4g.large"],
  development: ["t3.medium", "t3.large", "t4g.medium"],
};
const ROLES = ["web", "api", "worker", "batch", "cache", "bastion"] as const;

export function generateEc2(
  draw: Draw,
  name: string,
  environment: string,
  region: string,
  scale = 1,
): GeneratedEc2 {
  const id = (prefix: string, label: string, length = 17) => `${prefix}-0${draw.sub(label).hex(length - 1)}`;
  const octet = draw.int(16, 250);
  const vpc: VpcRow = { id: id("vpc", "vpc"), name: `${name}-vpc`, cidr: `10.${octet}.0.0/16` };
  const subnets: SubnetRow[] = ["a", "b"].flatMap((zone, z) => [
    {
      id: id("subnet", `private-${zone}`),
      name: `${name}-private-${zone}`,
      vpc: vpc.id,
      az: `${region}${zone}`,
      cidr: `10.${octet}.${10 + z}.0/24`,
    },
    {
      id: id("subnet", `public-${zone}`),
      name: `${name}-public-${zone}`,
      vpc: vpc.id,
      az: `${region}${zone}`,
      cidr: `10.${octet}.${z}.0/24`,
      public: true,
    },
  ]);
  const app: SecurityGroupRow = {
    id: id("sg", "app"),
    name: `${name}-app`,
    vpc: vpc.id,
    description: "Application tier",
    ingress: [{ proto: "tcp", from: 443, to: 443, cidrs: ["10.0.0.0/8"], description: "internal HTTPS" }],
  };
  const ssh: SecurityGroupRow = {
    id: id("sg", "ssh"),
    name: `${name}-ssh`,
    vpc: vpc.id,
    description: "SSH access",
    ingress: [{ proto: "tcp", from: 22, to: 22, cidrs: [draw.chance(0.1) ? "0.0.0.0/0" : "10.200.0.0/16"] }],
  };
  const [min, max] = INSTANCES[environment] ?? [0, 2];
  const count = Math.round(draw.int(min, max) * scale);
  const image: ImageRow = {
    id: id("ami", "image"),
    name: `${name}-base-al2023-2026.${String(draw.int(1, 11)).padStart(2, "0")}`,
    created: isoDaysAgo(draw.sub("image"), 20, 400),
    description: "Amazon Linux 2023 base image",
  };
  const instances: InstanceRow[] = [];
  const volumes: VolumeRow[] = [];
  for (let n = 0; n < count; n++) {
    const d = draw.sub(`instance:${n}`);
    const role = d.pick(ROLES);
    const subnet = subnets[role === "bastion" ? 1 : d.int(0, 1) * 2] as SubnetRow;
    const launched = isoDaysAgo(d, 1, 900);
    const row: InstanceRow = {
      id: id("i", `instance:${n}`),
      name: `${name}-${role}-${n + 1}`,
      type: d.pick(TYPES[environment] ?? ["t3.micro", "t3.small", "t4g.small"]),
      state: d.chance(0.12) ? "stopped" : "running",
      az: subnet.az,
      subnet: subnet.id,
      vpc: vpc.id,
      privateIp: `${subnet.cidr.split(".").slice(0, 3).join(".")}.${d.int(10, 250)}`,
      launched,
      image: image.id,
      groups: [role === "bastion" ? ssh.id : app.id],
      tags: { Environment: environment, Role: role },
    };
    if (role === "bastion") row.publicIp = `54.${d.int(0, 255)}.${d.int(0, 255)}.${d.int(1, 254)}`;
    instances.push(row);
    volumes.push({
      id: id("vol", `volume:${n}`),
      size: d.pick([20, 50, 100, 200]),
      type: "gp3",
      az: row.az,
      created: launched,
      encrypted: !d.chance(0.08),
      instance: row.id,
    });
  }
  const loose = draw.int(0, 2);
  for (let n = 0; n < loose; n++) {
    const d = draw.sub(`loose-volume:${n}`);
    volumes.push({
      id: id("vol", `loose:${n}`),
      size: d.pick([8, 100, 500]),
      type: d.pick(["gp2", "gp3"]),
      az: `${region}a`,
      created: isoDaysAgo(d, 60, 1500),
      encrypted: d.chance(0.5),
      name: `${name}-scratch-${n + 1}`,
    });
  }
  return {
    network: { vpcs: [vpc], subnets, securityGroups: [app, ssh] },
    compute: { instances, volumes, images: count > 0 ? [image] : [] },
  };
}
