import { createHash } from "node:crypto";
import { ECS, type EcsClusterRow, type EcsServiceRow } from "../data/ecs.ts";
import { regionData, type SimRequest } from "./types.ts";

/** Expands the ECS fixture rows into DescribeClusters/Services/Tasks/TaskDefinition shapes. */
export type Obj = Record<string, unknown>;
export const clusters = (r: SimRequest) => regionData(ECS, r, []);
const base = (r: SimRequest) => `arn:aws:ecs:${r.region}:${r.account.id}`;
export const clusterArn = (r: SimRequest, c: EcsClusterRow) => `${base(r)}:cluster/${c.name}`;
export const serviceArn = (r: SimRequest, c: EcsClusterRow, s: EcsServiceRow) =>
  `${base(r)}:service/${c.name}/${s.name}`;
export const taskDefArn = (r: SimRequest, family: string, revision: number) =>
  `${base(r)}:task-definition/${family}:${revision}`;
const hex = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

/** A family with its latest revision: every service's own, plus the scheduled jobs of a cluster. */
export interface Family {
  name: string;
  revision: number;
  image: string;
  cpu: string;
  memory: string;
  launchType: "FARGATE" | "EC2";
}

export function families(r: SimRequest): Family[] {
  return clusters(r).flatMap((c) => [
    ...c.services.map((s) => ({
      name: s.name,
      revision: s.revision,
      image: s.image,
      cpu: s.cpu,
      memory: s.memory,
      launchType: s.launchType,
    })),
    ...(c.standaloneTasks ? [jobFamily(c)] : []),
  ]);
}

const jobFamily = (c: EcsClusterRow): Family => ({
  name: `${c.name}-scheduled-job`,
  revision: 3,
  image: "acme/jobs:2026.11.01",
  cpu: "1024",
  memory: "2048",
  launchType: c.containerInstances > 0 ? "EC2" : "FARGATE",
});

export function cluster(r: SimRequest, c: EcsClusterRow, include: string[]): Obj {
  const tasks = clusterTasks(r, c);
  const pending = tasks.filter((t) => t.lastStatus === "PENDING").length;
  return {
    clusterArn: clusterArn(r, c),
    clusterName: c.name,
    status: "ACTIVE",
    registeredContainerInstancesCount: c.containerInstances,
    runningTasksCount: tasks.length - pending,
    pendingTasksCount: pending,
    activeServicesCount: c.services.length,
    statistics: include.includes("STATISTICS")
      ? [
          {
            name: "runningFargateTasksCount",
            value: String(tasks.filter((t) => t.launchType === "FARGATE").length - pending),
          },
        ]
      : [],
    tags: include.includes("TAGS") ? [{ key: "Environment", value: r.account.environment }] : [],
    // As ECS: settings only when asked for (include SETTINGS).
    ...(include.includes("SETTINGS")
      ? {
          settings: [
            {
              name: "containerInsights",
              value: r.account.environment === "production" ? "enabled" : "disabled",
            },
          ],
        }
      : {}),
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: [{ capacityProvider: c.capacityProviders[0], weight: 1, base: 0 }],
  };
}

export function service(r: SimRequest, c: EcsClusterRow, s: EcsServiceRow): Obj {
  const td = taskDefArn(r, s.name, s.revision);
  const network =
    s.launchType === "FARGATE"
      ? { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: "DISABLED" } } }
      : {};
  return {
    serviceArn: serviceArn(r, c, s),
    serviceName: s.name,
    clusterArn: clusterArn(r, c),
    status: "ACTIVE",
    desiredCount: s.desired,
    runningCount: s.running,
    pendingCount: s.pending ?? 0,
    launchType: s.launchType,
    ...(s.launchType === "FARGATE" ? { platformVersion: "LATEST" } : {}),
    taskDefinition: td,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [
      {
        id: `ecs-svc/${hex(td).slice(0, 19)}`,
        status: "PRIMARY",
        taskDefinition: td,
        desiredCount: s.desired,
        runningCount: s.running,
        pendingCount: s.pending ?? 0,
        rolloutState: s.running < s.desired ? "IN_PROGRESS" : "COMPLETED",
        createdAt: s.created,
        updatedAt: s.created,
      },
    ],
    events: s.event
      ? [{ id: hex(s.event), createdAt: "2026-11-26T08:41:00Z", message: s.event }]
      : [
          {
            id: hex(s.name),
            createdAt: "2026-11-26T06:00:00Z",
            message: `(service ${s.name}) has reached a steady state.`,
          },
        ],
    createdAt: s.created,
    schedulingStrategy: "REPLICA",
    ...network,
  };
}

/** Running and pending tasks of a cluster, derived deterministically from its services. */
export function clusterTasks(r: SimRequest, c: EcsClusterRow): Obj[] {
  const rows = c.services.flatMap((s) => {
    const running = Array.from({ length: s.running }, (_, i) => task(r, c, s, i, "RUNNING"));
    const pending = Array.from({ length: s.pending ?? 0 }, (_, i) => task(r, c, s, s.running + i, "PENDING"));
    return [...running, ...pending];
  });
  const job = jobFamily(c);
  const jobs = Array.from({ length: c.standaloneTasks ?? 0 }, (_, i) =>
    task(
      r,
      c,
      { ...job, desired: 0, running: 0, created: "2026-11-26T02:00:00Z" },
      i,
      "RUNNING",
      `family:${job.name}`,
    ),
  );
  return [...rows, ...jobs];
}

function task(
  r: SimRequest,
  c: EcsClusterRow,
  s: EcsServiceRow,
  i: number,
  status: string,
  group?: string,
): Obj {
  const id = hex(`${r.account.id}/${c.name}/${s.name}/${i}`);
  const az = `${r.region}${"abc"[i % 3]}`;
  return {
    taskArn: `${base(r)}:task/${c.name}/${id}`,
    clusterArn: clusterArn(r, c),
    taskDefinitionArn: taskDefArn(r, s.name, s.revision),
    lastStatus: status,
    desiredStatus: "RUNNING",
    launchType: s.launchType,
    cpu: s.cpu,
    memory: s.memory,
    group: group ?? `service:${s.name}`,
    startedBy: group ? "events-rule/nightly" : `ecs-svc/${hex(s.name).slice(0, 19)}`,
    createdAt: "2026-11-26T06:00:00Z",
    ...(status === "RUNNING" ? { startedAt: "2026-11-26T06:01:00Z" } : {}),
    availabilityZone: az,
    healthStatus: status === "RUNNING" ? "HEALTHY" : "UNKNOWN",
    containers: [
      {
        name: s.name,
        image: s.image,
        lastStatus: status,
        healthStatus: status === "RUNNING" ? "HEALTHY" : "UNKNOWN",
      },
    ],
    ...(s.launchType === "FARGATE"
      ? { platformVersion: "1.4.0" }
      : {
          containerInstanceArn: `${base(r)}:container-instance/${c.name}/${hex(`${c.name}/ci/${i % Math.max(1, c.containerInstances)}`)}`,
        }),
  };
}
