import { EC2_PAGES, paginate } from "../paging.ts";
import { applyFilters, byIds } from "./ec2-filters.ts";
import {
  compute,
  image,
  instance,
  network,
  type Obj,
  securityGroup,
  subnet,
  volume,
  vpc,
} from "./ec2-shapes.ts";
import { type ServiceSim, stringList } from "./types.ts";

/** EC2 describe operations over the fixture data, with EC2's filters, id lists and pagination. */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : undefined) as Obj | undefined;
const perms = (g: Obj) => (g.IpPermissions ?? []) as Obj[];

export const ec2: ServiceSim = {
  DescribeInstances(r) {
    const all = byIds(
      compute(r).instances.map((i) => instance(i, r)),
      r.params.InstanceIds,
      "InstanceId",
      "InvalidInstanceID.NotFound",
      r.operation,
    );
    const found = applyFilters(
      all,
      r.params,
      {
        "instance-state-name": (i) => (i.State as Obj).Name,
        "instance-id": (i) => i.InstanceId,
        "instance-type": (i) => i.InstanceType,
        "availability-zone": (i) => (i.Placement as Obj).AvailabilityZone,
        "vpc-id": (i) => i.VpcId,
        "subnet-id": (i) => i.SubnetId,
        "image-id": (i) => i.ImageId,
        "private-ip-address": (i) => i.PrivateIpAddress,
        "ip-address": (i) => i.PublicIpAddress,
        platform: (i) => i.Platform,
        architecture: (i) => i.Architecture,
        "instance.group-id": (i) => (i.SecurityGroups as Obj[]).map((g) => g.GroupId),
        "instance.group-name": (i) => (i.SecurityGroups as Obj[]).map((g) => g.GroupName),
      },
      r.operation,
    );
    const reservations = found.map((i) => ({
      ReservationId: `r-${String(i.InstanceId).slice(2)}`,
      OwnerId: r.account.id,
      Groups: [],
      Instances: [i],
    }));
    return paginate(reservations, r.params, EC2_PAGES, "Reservations", r.operation);
  },
  DescribeVpcs(r) {
    const all = byIds(
      network(r).vpcs.map((v) => vpc(v, r)),
      r.params.VpcIds,
      "VpcId",
      "InvalidVpcID.NotFound",
      r.operation,
    );
    const found = applyFilters(
      all,
      r.params,
      {
        "vpc-id": (v) => v.VpcId,
        cidr: (v) => v.CidrBlock,
        "is-default": (v) => String(v.IsDefault),
        state: (v) => v.State,
      },
      r.operation,
    );
    return paginate(found, r.params, EC2_PAGES, "Vpcs", r.operation);
  },
  DescribeSubnets(r) {
    const all = byIds(
      network(r).subnets.map((s) => subnet(s, r)),
      r.params.SubnetIds,
      "SubnetId",
      "InvalidSubnetID.NotFound",
      r.operation,
    );
    const found = applyFilters(
      all,
      r.params,
      {
        "subnet-id": (s) => s.SubnetId,
        "vpc-id": (s) => s.VpcId,
        "availability-zone": (s) => s.AvailabilityZone,
        "cidr-block": (s) => s.CidrBlock,
        state: (s) => s.State,
        "map-public-ip-on-launch": (s) => String(s.MapPublicIpOnLaunch),
        "default-for-az": (s) => String(s.DefaultForAz),
      },
      r.operation,
    );
    return paginate(found, r.params, EC2_PAGES, "Subnets", r.operation);
  },
  DescribeSecurityGroups(r) {
    let all = byIds(
      network(r).securityGroups.map((g) => securityGroup(g, r)),
      r.params.GroupIds,
      "GroupId",
      "InvalidGroup.NotFound",
      r.operation,
    );
    const names = stringList(r.params.GroupNames);
    if (names) all = all.filter((g) => names.includes(String(g.GroupName)));
    const found = applyFilters(
      all,
      r.params,
      {
        "group-id": (g) => g.GroupId,
        "group-name": (g) => g.GroupName,
        "vpc-id": (g) => g.VpcId,
        description: (g) => g.Description,
        "ip-permission.cidr": (g) => perms(g).flatMap((p) => (p.IpRanges as Obj[]).map((x) => x.CidrIp)),
        "ip-permission.ipv6-cidr": (g) =>
          perms(g).flatMap((p) => (p.Ipv6Ranges as Obj[]).map((x) => x.CidrIpv6)),
        "ip-permission.from-port": (g) => perms(g).map((p) => p.FromPort),
        "ip-permission.to-port": (g) => perms(g).map((p) => p.ToPort),
        "ip-permission.protocol": (g) => perms(g).map((p) => p.IpProtocol),
      },
      r.operation,
    );
    return paginate(found, r.params, EC2_PAGES, "SecurityGroups", r.operation);
  },
  DescribeVolumes(r) {
    const all = byIds(
      compute(r).volumes.map(volume),
      r.params.VolumeIds,
      "VolumeId",
      "InvalidVolume.NotFound",
      r.operation,
    );
    const found = applyFilters(
      all,
      r.params,
      {
        status: (v) => v.State,
        "volume-id": (v) => v.VolumeId,
        "volume-type": (v) => v.VolumeType,
        "availability-zone": (v) => v.AvailabilityZone,
        encrypted: (v) => String(v.Encrypted),
        size: (v) => String(v.Size),
        "attachment.instance-id": (v) => first(v.Attachments)?.InstanceId,
        "attachment.status": (v) => first(v.Attachments)?.State,
      },
      r.operation,
    );
    return paginate(found, r.params, EC2_PAGES, "Volumes", r.operation);
  },
  DescribeImages(r) {
    const owners = stringList(r.params.Owners);
    const mine = !owners || owners.some((o) => o === "self" || o === r.account.id);
    const all = byIds(
      mine ? compute(r).images.map((i) => image(i, r)) : [],
      r.params.ImageIds,
      "ImageId",
      "InvalidAMIID.NotFound",
      r.operation,
    );
    const found = applyFilters(
      all,
      r.params,
      {
        "image-id": (i) => i.ImageId,
        name: (i) => i.Name,
        state: (i) => i.State,
        "is-public": (i) => String(i.Public),
        architecture: (i) => i.Architecture,
      },
      r.operation,
    );
    return { Images: found };
  },
};
