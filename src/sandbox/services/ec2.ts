import { EC2_PAGES, paginate } from "../paging.ts";
import { regionStatuses } from "./account.ts";
import { applyFilters, byIds, type FilterReaders } from "./ec2-filters.ts";
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
import { type ServiceSim, type SimRequest, stringList } from "./types.ts";

/** EC2 describe operations over the fixture data, with EC2's filters, id lists and pagination. */
const first = (v: unknown) => (Array.isArray(v) ? v[0] : undefined) as Obj | undefined;
const perms = (g: Obj) => (g.IpPermissions ?? []) as Obj[];

/** EC2's describe semantics: the listed ids (an unknown one is NotFound), then `Filters`. */
function described(
  r: SimRequest,
  resources: Obj[],
  [idsParam, idField, notFoundCode]: [string, string, string],
  readers: FilterReaders,
): Obj[] {
  const listed = byIds(resources, r.params[idsParam], idField, notFoundCode, r.operation);
  return applyFilters(listed, r.params, readers, r.operation);
}

export const ec2: ServiceSim = {
  /** Without `AllRegions`, EC2 lists only the regions the account can use (enabled or needing no opt-in). */
  DescribeRegions(r) {
    const all = r.params.AllRegions === true;
    const regions = regionStatuses(r)
      .filter((s) => all || s.RegionOptStatus !== "DISABLED")
      .map((s) => ({
        RegionName: s.RegionName,
        Endpoint: `ec2.${s.RegionName}.amazonaws.com`,
        OptInStatus:
          s.RegionOptStatus === "ENABLED_BY_DEFAULT"
            ? "opt-in-not-required"
            : s.RegionOptStatus === "ENABLED"
              ? "opted-in"
              : "not-opted-in",
      }));
    return { Regions: regions };
  },
  DescribeInstances(r) {
    const found = described(
      r,
      compute(r).instances.map((i) => instance(i, r)),
      ["InstanceIds", "InstanceId", "InvalidInstanceID.NotFound"],
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
    );
    const reservations = found.map((i) => ({
      ReservationId: `r-${String(i.InstanceId).slice(2)}`,
      OwnerId: r.account.id,
      Groups: [],
      Instances: [i],
    }));
    return paginate(r, reservations, EC2_PAGES, "Reservations");
  },
  DescribeVpcs(r) {
    const found = described(
      r,
      network(r).vpcs.map((v) => vpc(v, r)),
      ["VpcIds", "VpcId", "InvalidVpcID.NotFound"],
      {
        "vpc-id": (v) => v.VpcId,
        cidr: (v) => v.CidrBlock,
        "is-default": (v) => String(v.IsDefault),
        state: (v) => v.State,
      },
    );
    return paginate(r, found, EC2_PAGES, "Vpcs");
  },
  DescribeSubnets(r) {
    const found = described(
      r,
      network(r).subnets.map((s) => subnet(s, r)),
      ["SubnetIds", "SubnetId", "InvalidSubnetID.NotFound"],
      {
        "subnet-id": (s) => s.SubnetId,
        "vpc-id": (s) => s.VpcId,
        "availability-zone": (s) => s.AvailabilityZone,
        "cidr-block": (s) => s.CidrBlock,
        state: (s) => s.State,
        "map-public-ip-on-launch": (s) => String(s.MapPublicIpOnLaunch),
        "default-for-az": (s) => String(s.DefaultForAz),
      },
    );
    return paginate(r, found, EC2_PAGES, "Subnets");
  },
  DescribeSecurityGroups(r) {
    const names = stringList(r.params.GroupNames);
    const found = described(
      r,
      network(r).securityGroups.map((g) => securityGroup(g, r)),
      ["GroupIds", "GroupId", "InvalidGroup.NotFound"],
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
    ).filter((g) => !names || names.includes(String(g.GroupName)));
    return paginate(r, found, EC2_PAGES, "SecurityGroups");
  },
  DescribeVolumes(r) {
    const found = described(
      r,
      compute(r).volumes.map(volume),
      ["VolumeIds", "VolumeId", "InvalidVolume.NotFound"],
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
    );
    return paginate(r, found, EC2_PAGES, "Volumes");
  },
  DescribeImages(r) {
    const owners = stringList(r.params.Owners);
    const mine = !owners || owners.some((o) => o === "self" || o === r.account.id);
    const found = described(
      r,
      mine ? compute(r).images.map((i) => image(i, r)) : [],
      ["ImageIds", "ImageId", "InvalidAMIID.NotFound"],
      {
        "image-id": (i) => i.ImageId,
        name: (i) => i.Name,
        state: (i) => i.State,
        "is-public": (i) => String(i.Public),
        architecture: (i) => i.Architecture,
      },
    );
    return { Images: found };
  },
};
