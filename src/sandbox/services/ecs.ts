import { AwsServiceError } from "../aws-error.ts";
import type { EcsClusterRow } from "../data/ecs.ts";
import { LOWER_PAGES, paginate } from "../paging.ts";
import {
  cluster,
  clusterArn,
  clusters,
  clusterTasks,
  type Family,
  families,
  type Obj,
  service,
  serviceArn,
  taskDefArn,
} from "./ecs-shapes.ts";
import { type ServiceSim, type SimRequest, stringList } from "./types.ts";

/** ECS reads: clusters, services, tasks, task definitions; names or ARNs wherever ECS accepts both. */
const last = (idOrArn: string) => idOrArn.split("/").pop() ?? idOrArn;

function findCluster(r: SimRequest): EcsClusterRow {
  const id = String(r.params.cluster ?? "default");
  const found = clusters(r).find((c) => c.name === id || clusterArn(r, c) === id);
  if (!found) throw new AwsServiceError("ClusterNotFoundException", "Cluster not found.", r.operation);
  return found;
}

function described(
  r: SimRequest,
  key: string,
  wanted: string[],
  all: Obj[],
  arnKey: string,
  nameKey: string,
) {
  const found = wanted.map((w) =>
    all.find((x) => x[arnKey] === w || x[nameKey] === w || last(String(x[arnKey])) === w),
  );
  return {
    [key]: found.filter((x) => x !== undefined),
    failures: wanted
      .filter((_, i) => found[i] === undefined)
      .map((w) => ({
        arn: w.startsWith("arn:") ? w : `arn:aws:ecs:${r.region}:${r.account.id}:${key.slice(0, -1)}/${w}`,
        reason: "MISSING",
      })),
  };
}

/** The names or ARNs in list parameter `param`: ECS takes from 1 to `max` of them. */
function requested(r: SimRequest, param: string, max: number): string[] {
  const wanted = stringList(r.params[param]) ?? [];
  if (wanted.length === 0 || wanted.length > max) {
    throw new AwsServiceError(
      "InvalidParameterException",
      `${param} must contain between 1 and ${max} items.`,
      r.operation,
    );
  }
  return wanted;
}

function familyOf(r: SimRequest) {
  const id = String(r.params.taskDefinition ?? "");
  const [name, rev] = last(id.replace(/^arn:.*:task-definition\//, "")).split(":");
  const family = families(r).find((f) => f.name === name);
  const revision = rev === undefined ? family?.revision : Number(rev);
  if (!family || revision === undefined || !(revision > 0 && revision <= family.revision)) {
    throw new AwsServiceError("ClientException", "Unable to describe task definition.", r.operation);
  }
  return { family, revision };
}

export const ecs: ServiceSim = {
  ListClusters: (r) =>
    paginate(
      r,
      clusters(r).map((c) => clusterArn(r, c)),
      LOWER_PAGES,
      "clusterArns",
    ),
  DescribeClusters(r) {
    const include = stringList(r.params.include) ?? [];
    const all = clusters(r).map((c) => cluster(r, c, include));
    return described(
      r,
      "clusters",
      stringList(r.params.clusters) ?? ["default"],
      all,
      "clusterArn",
      "clusterName",
    );
  },
  ListServices(r) {
    const c = findCluster(r);
    const list = c.services.filter(
      (s) => r.params.launchType === undefined || s.launchType === r.params.launchType,
    );
    return paginate(
      r,
      list.map((s) => serviceArn(r, c, s)),
      { ...LOWER_PAGES, defaultSize: 10 },
      "serviceArns",
    );
  },
  DescribeServices(r) {
    const c = findCluster(r);
    const wanted = requested(r, "services", 10);
    return described(
      r,
      "services",
      wanted,
      c.services.map((s) => service(r, c, s)),
      "serviceArn",
      "serviceName",
    );
  },
  ListTasks(r) {
    const c = findCluster(r);
    // As ECS: a service the cluster does not have is an error, not an empty list.
    if (
      r.params.serviceName !== undefined &&
      !c.services.some((s) => s.name === last(String(r.params.serviceName)))
    ) {
      throw new AwsServiceError("ServiceNotFoundException", "Service not found.", r.operation);
    }
    const stopped = r.params.desiredStatus === "STOPPED";
    const list = clusterTasks(r, c).filter(
      (t) =>
        !stopped &&
        (r.params.serviceName === undefined || t.group === `service:${String(r.params.serviceName)}`) &&
        (r.params.family === undefined ||
          String(t.taskDefinitionArn).includes(`/${String(r.params.family)}:`)) &&
        (r.params.launchType === undefined || t.launchType === r.params.launchType),
    );
    return paginate(
      r,
      list.map((t) => t.taskArn),
      LOWER_PAGES,
      "taskArns",
    );
  },
  DescribeTasks(r) {
    const c = findCluster(r);
    const wanted = requested(r, "tasks", 100);
    return described(r, "tasks", wanted, clusterTasks(r, c), "taskArn", "taskArn");
  },
  ListTaskDefinitionFamilies(r) {
    const prefix = String(r.params.familyPrefix ?? "");
    // Every simulated family has an ACTIVE revision, none is only INACTIVE.
    const status = String(r.params.status ?? "ALL");
    const all = status === "INACTIVE" ? [] : families(r);
    const names = [...new Set(all.map((f) => f.name))].filter((n) => n.startsWith(prefix)).sort();
    return paginate(r, names, LOWER_PAGES, "families");
  },
  ListTaskDefinitions(r) {
    const prefix = r.params.familyPrefix;
    const status = String(r.params.status ?? "ACTIVE");
    const arns = families(r)
      .filter((f) => prefix === undefined || f.name === prefix)
      .flatMap((f) =>
        [f.revision - 2, f.revision - 1, f.revision]
          .filter((rev) => rev > 0 && (status === "ALL" || (status === "ACTIVE") === (rev === f.revision)))
          .map((rev) => taskDefArn(r, f.name, rev)),
      )
      .sort();
    if (r.params.sort === "DESC") arns.reverse();
    return paginate(r, arns, LOWER_PAGES, "taskDefinitionArns");
  },
  DescribeTaskDefinition(r) {
    const { family, revision } = familyOf(r);
    return { taskDefinition: taskDefinition(r, family, revision), tags: [] };
  },
};

function taskDefinition(r: SimRequest, f: Family, revision: number): Obj {
  return {
    taskDefinitionArn: taskDefArn(r, f.name, revision),
    family: f.name,
    revision,
    status: revision === f.revision ? "ACTIVE" : "INACTIVE",
    cpu: f.cpu,
    memory: f.memory,
    networkMode: f.launchType === "FARGATE" ? "awsvpc" : "bridge",
    requiresCompatibilities: [f.launchType],
    executionRoleArn: `arn:aws:iam::${r.account.id}:role/ecsTaskExecutionRole`,
    containerDefinitions: [
      {
        name: f.name,
        image: f.image,
        essential: true,
        cpu: 0,
        portMappings: [{ containerPort: 8080, protocol: "tcp" }],
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": `/ecs/${f.name}`, "awslogs-region": r.region },
        },
      },
    ],
    registeredAt: "2026-11-01T10:00:00Z",
  };
}
