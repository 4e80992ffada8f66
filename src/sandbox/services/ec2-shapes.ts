import { COMPUTE } from "../data/ec2-compute.ts";
import { NETWORK } from "../data/ec2-network.ts";
import type {
  ImageRow,
  InstanceRow,
  RuleRow,
  SecurityGroupRow,
  SubnetRow,
  VolumeRow,
  VpcRow,
} from "../data/types.ts";
import { regionData, type SimRequest, tagList } from "./types.ts";

/** Expands the EC2 fixture rows into the response shapes `describe_*` returns in boto3. */
const STATE_CODES: Record<string, number> = { pending: 0, running: 16, stopping: 64, stopped: 80 };
export type Obj = Record<string, unknown>;

const arch = (type: string) => (/^[a-z]+\d+g/.test(type) ? "arm64" : "x86_64");
export const network = (r: SimRequest) =>
  regionData(NETWORK, r, { vpcs: [], subnets: [], securityGroups: [] });
export const compute = (r: SimRequest) => regionData(COMPUTE, r, { instances: [], volumes: [], images: [] });

export function instance(row: InstanceRow, r: SimRequest): Obj {
  const groups = network(r).securityGroups.filter((g) => row.groups.includes(g.id));
  const stopped = row.state === "stopped";
  return {
    AmiLaunchIndex: 0,
    ImageId: row.image,
    InstanceId: row.id,
    InstanceType: row.type,
    LaunchTime: row.launched,
    Monitoring: { State: "disabled" },
    Placement: { AvailabilityZone: row.az, GroupName: "", Tenancy: "default" },
    PrivateDnsName: `ip-${row.privateIp.replaceAll(".", "-")}.${r.region === "us-east-1" ? "ec2.internal" : `${r.region}.compute.internal`}`,
    PrivateIpAddress: row.privateIp,
    PublicDnsName: row.publicIp ? `ec2-${row.publicIp.replaceAll(".", "-")}.compute-1.amazonaws.com` : "",
    ...(row.publicIp ? { PublicIpAddress: row.publicIp } : {}),
    State: { Code: STATE_CODES[row.state], Name: row.state },
    StateTransitionReason: stopped ? "User initiated (2026-11-03 18:22:10 GMT)" : "",
    ...(stopped
      ? {
          StateReason: {
            Code: "Client.UserInitiatedShutdown",
            Message: "Client.UserInitiatedShutdown: User initiated shutdown",
          },
        }
      : {}),
    SubnetId: row.subnet,
    VpcId: row.vpc,
    Architecture: arch(row.type),
    EbsOptimized: true,
    RootDeviceName: "/dev/xvda",
    RootDeviceType: "ebs",
    SecurityGroups: groups.map((g) => ({ GroupName: g.name, GroupId: g.id })),
    Tags: tagList({ Name: row.name, Environment: r.account.environment, ...row.tags }),
    VirtualizationType: "hvm",
    MetadataOptions: { HttpTokens: row.launched < "2024" ? "optional" : "required", HttpEndpoint: "enabled" },
    ...(row.platform ? { Platform: row.platform } : {}),
    PlatformDetails: row.platform === "windows" ? "Windows" : "Linux/UNIX",
  };
}

export const vpc = (row: VpcRow, r: SimRequest): Obj => ({
  CidrBlock: row.cidr,
  DhcpOptionsId: "dopt-0a1b2c3d",
  State: "available",
  VpcId: row.id,
  OwnerId: r.account.id,
  InstanceTenancy: "default",
  CidrBlockAssociationSet: [
    {
      AssociationId: `vpc-cidr-assoc-${row.id.slice(4)}`,
      CidrBlock: row.cidr,
      CidrBlockState: { State: "associated" },
    },
  ],
  IsDefault: row.isDefault === true,
  Tags: row.isDefault ? [] : tagList({ Name: row.name }),
});

export const subnet = (row: SubnetRow, r: SimRequest): Obj => ({
  AvailabilityZone: row.az,
  AvailableIpAddressCount: 2 ** (32 - Number(row.cidr.split("/")[1])) - 5 - 7,
  CidrBlock: row.cidr,
  DefaultForAz: false,
  MapPublicIpOnLaunch: row.public === true,
  State: "available",
  SubnetId: row.id,
  VpcId: row.vpc,
  OwnerId: r.account.id,
  SubnetArn: `arn:aws:ec2:${r.region}:${r.account.id}:subnet/${row.id}`,
  Tags: tagList({ Name: row.name }),
});

const permission = (rule: RuleRow, r: SimRequest): Obj => ({
  IpProtocol: rule.proto,
  ...(rule.proto === "-1" ? {} : { FromPort: rule.from, ToPort: rule.to }),
  IpRanges: (rule.cidrs ?? []).map((CidrIp) => ({
    CidrIp,
    ...(rule.description ? { Description: rule.description } : {}),
  })),
  Ipv6Ranges: (rule.ipv6 ?? []).map((CidrIpv6) => ({ CidrIpv6 })),
  PrefixListIds: [],
  UserIdGroupPairs: (rule.groups ?? []).map((GroupId) => ({ GroupId, UserId: r.account.id })),
});

export const securityGroup = (row: SecurityGroupRow, r: SimRequest): Obj => ({
  Description: row.description,
  GroupName: row.name,
  IpPermissions: row.ingress.map((rule) => permission(rule, r)),
  OwnerId: r.account.id,
  GroupId: row.id,
  IpPermissionsEgress: [permission({ proto: "-1", cidrs: ["0.0.0.0/0"] }, r)],
  VpcId: row.vpc,
  SecurityGroupArn: `arn:aws:ec2:${r.region}:${r.account.id}:security-group/${row.id}`,
  Tags: [],
});

export const volume = (row: VolumeRow): Obj => ({
  Attachments: row.instance
    ? [
        {
          AttachTime: row.created,
          Device: "/dev/xvda",
          InstanceId: row.instance,
          State: "attached",
          VolumeId: row.id,
          DeleteOnTermination: true,
        },
      ]
    : [],
  AvailabilityZone: row.az,
  CreateTime: row.created,
  Encrypted: row.encrypted,
  Size: row.size,
  SnapshotId: "",
  State: row.instance ? "in-use" : "available",
  VolumeId: row.id,
  Iops: row.type.startsWith("gp3") ? 3000 : Math.max(100, row.size * 3),
  VolumeType: row.type,
  MultiAttachEnabled: false,
  Tags: row.name ? tagList({ Name: row.name }) : [],
});

export const image = (row: ImageRow, r: SimRequest): Obj => ({
  Architecture: row.name.includes("arm64") ? "arm64" : "x86_64",
  CreationDate: row.created,
  // EC2 deprecates AMIs two years after creation unless told otherwise.
  DeprecationTime: `${Number(row.created.slice(0, 4)) + 2}${row.created.slice(4)}`,
  ImageId: row.id,
  ImageLocation: `${r.account.id}/${row.name}`,
  ImageType: "machine",
  Public: row.public === true,
  OwnerId: r.account.id,
  PlatformDetails: row.name.startsWith("win") ? "Windows" : "Linux/UNIX",
  State: "available",
  Description: row.description,
  Name: row.name,
  RootDeviceType: "ebs",
  VirtualizationType: "hvm",
  Tags: [],
});
