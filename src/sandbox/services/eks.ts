import { createHash } from "node:crypto";
import { AwsServiceError } from "../aws-error.ts";
import { EKS, type EksClusterRow } from "../data/eks.ts";
import { LOWER_PAGES, paginate } from "../paging.ts";
import { regionData, type ServiceSim, type SimRequest } from "./types.ts";

/** EKS reads: clusters, node groups, add-ons, Fargate profiles (camelCase, as the EKS API speaks). */
const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const clusters = (r: SimRequest) => regionData(EKS, r, []);
const arn = (r: SimRequest, kind: string, path: string) =>
  `arn:aws:eks:${r.region}:${r.account.id}:${kind}/${path}`;
const hex = (text: string, n = 32) =>
  createHash("sha256").update(text).digest("hex").slice(0, n).toUpperCase();
/** Stable made-up resource ids (`subnet-…`, `sg-…`, ARN suffixes) in AWS's lower-case hex. */
const lowHex = (text: string, n: number) => hex(text, n).toLowerCase();
const notFound = (r: SimRequest, what: string) =>
  new AwsServiceError("ResourceNotFoundException", what, r.operation, 404);

function findCluster(r: SimRequest): EksClusterRow {
  const name = r.params.name ?? r.params.clusterName;
  const c = clusters(r).find((x) => x.name === name);
  if (!c) throw notFound(r, `No cluster found for name: ${String(name)}.`);
  return c;
}

function cluster(r: SimRequest, c: EksClusterRow): Record<string, unknown> {
  const id = hex(`${r.account.id}/${c.name}`);
  const enabled = c.logging;
  const disabled = LOG_TYPES.filter((t) => !enabled.includes(t));
  return {
    name: c.name,
    arn: arn(r, "cluster", c.name),
    createdAt: c.created,
    version: c.version,
    endpoint: `https://${id}.gr7.${r.region}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${r.account.id}:role/${c.name}-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: [`subnet-${lowHex(`${c.name}a`, 17)}`, `subnet-${lowHex(`${c.name}b`, 17)}`],
      securityGroupIds: [],
      clusterSecurityGroupId: `sg-${lowHex(c.name, 17)}`,
      vpcId: `vpc-${lowHex(`${r.account.id}/vpc`, 17)}`,
      endpointPublicAccess: c.publicEndpoint,
      endpointPrivateAccess: c.privateEndpoint,
      publicAccessCidrs: c.publicEndpoint ? c.publicCidrs : [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16", ipFamily: "ipv4" },
    logging: {
      clusterLogging: [
        ...(enabled.length ? [{ types: enabled, enabled: true }] : []),
        ...(disabled.length ? [{ types: disabled, enabled: false }] : []),
      ],
    },
    identity: { oidc: { issuer: `https://oidc.eks.${r.region}.amazonaws.com/id/${id}` } },
    status: "ACTIVE",
    platformVersion: c.platform,
    tags: { Environment: r.account.environment },
    accessConfig: { authenticationMode: c.version < "1.28" ? "CONFIG_MAP" : "API_AND_CONFIG_MAP" },
    upgradePolicy: { supportType: c.support },
  };
}

export const eks: ServiceSim = {
  ListClusters: (r) =>
    paginate(
      r,
      clusters(r).map((c) => c.name),
      LOWER_PAGES,
      "clusters",
    ),
  DescribeCluster: (r) => ({ cluster: cluster(r, findCluster(r)) }),
  ListNodegroups(r) {
    const c = findCluster(r);
    return paginate(
      r,
      c.nodegroups.map((n) => n.name),
      LOWER_PAGES,
      "nodegroups",
    );
  },
  DescribeNodegroup(r) {
    const c = findCluster(r);
    const n = c.nodegroups.find((x) => x.name === r.params.nodegroupName);
    if (!n) throw notFound(r, `No node group found for name: ${String(r.params.nodegroupName)}.`);
    const degraded = n.status === "DEGRADED";
    return {
      nodegroup: {
        nodegroupName: n.name,
        nodegroupArn: arn(r, "nodegroup", `${c.name}/${n.name}/${lowHex(n.name, 8)}`),
        clusterName: c.name,
        version: n.version,
        releaseVersion: `${n.version}.${n.amiType.startsWith("AL2023") ? "20261110" : "20240129"}`,
        createdAt: c.created,
        modifiedAt: c.created,
        status: n.status ?? "ACTIVE",
        capacityType: n.capacity,
        scalingConfig: { minSize: n.min, maxSize: n.max, desiredSize: n.desired },
        instanceTypes: n.instanceTypes,
        amiType: n.amiType,
        nodeRole: `arn:aws:iam::${r.account.id}:role/${c.name}-node-role`,
        diskSize: 20,
        resources: { autoScalingGroups: [{ name: `eks-${n.name}-${lowHex(n.name, 8)}` }] },
        health: {
          issues: degraded
            ? [{ code: "AmiIdNotFound", message: "The AMI of the launch template is no longer available." }]
            : [],
        },
        tags: {},
      },
    };
  },
  ListAddons: (r) =>
    paginate(
      r,
      findCluster(r).addons.map((a) => a.name),
      LOWER_PAGES,
      "addons",
    ),
  DescribeAddon(r) {
    const c = findCluster(r);
    const a = c.addons.find((x) => x.name === r.params.addonName);
    if (!a) throw notFound(r, `No addon: ${String(r.params.addonName)} found in cluster: ${c.name}`);
    const issues =
      a.status === "DEGRADED"
        ? [
            {
              code: "InsufficientNumberOfReplicas",
              message: "The add-on is unhealthy because it doesn't have the desired number of replicas.",
            },
          ]
        : [];
    return {
      addon: {
        addonName: a.name,
        clusterName: c.name,
        status: a.status ?? "ACTIVE",
        addonVersion: a.version,
        health: { issues },
        addonArn: arn(r, "addon", `${c.name}/${a.name}/${lowHex(a.name, 8)}`),
        createdAt: c.created,
        modifiedAt: c.created,
      },
    };
  },
  ListFargateProfiles(r) {
    const c = findCluster(r);
    return paginate(
      r,
      c.fargate.map((f) => f.name),
      LOWER_PAGES,
      "fargateProfileNames",
    );
  },
  DescribeFargateProfile(r) {
    const c = findCluster(r);
    const f = c.fargate.find((x) => x.name === r.params.fargateProfileName);
    if (!f) throw notFound(r, `No Fargate Profile found with name: ${String(r.params.fargateProfileName)}.`);
    return {
      fargateProfile: {
        fargateProfileName: f.name,
        fargateProfileArn: arn(r, "fargateprofile", `${c.name}/${f.name}/${lowHex(f.name, 8)}`),
        clusterName: c.name,
        createdAt: c.created,
        podExecutionRoleArn: `arn:aws:iam::${r.account.id}:role/${c.name}-fargate-pod-role`,
        subnets: [`subnet-${lowHex(`${c.name}a`, 17)}`],
        selectors: f.namespaces.map((namespace) => ({ namespace })),
        status: "ACTIVE",
        tags: {},
      },
    };
  },
};
