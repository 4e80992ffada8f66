import type { ByAccountRegion } from "./types.ts";

export interface EcsServiceRow {
  name: string;
  desired: number;
  running: number;
  pending?: number;
  launchType: "FARGATE" | "EC2";
  /** Latest task definition revision of the service's family (family = service name). */
  revision: number;
  image: string;
  cpu: string;
  memory: string;
  created: string;
  /** The newest service event, as ECS words it. */
  event?: string;
}

export interface EcsClusterRow {
  name: string;
  /** Container instances registered (EC2 capacity); 0 for Fargate-only clusters. */
  containerInstances: number;
  capacityProviders: string[];
  services: EcsServiceRow[];
  /** Standalone tasks running outside services (scheduled jobs). */
  standaloneTasks?: number;
}

/** ECS clusters; `prod-web/checkout` and `stg-web/notifications` run fewer tasks than desired. */
// biome-ignore format: one service per line reads as a table
export const ECS: ByAccountRegion<EcsClusterRow[]> = {
  production: {
    "us-east-1": [
      { name: "prod-web", containerInstances: 0, capacityProviders: ["FARGATE", "FARGATE_SPOT"], services: [
        { name: "storefront", desired: 6, running: 6, launchType: "FARGATE", revision: 214, image: "acme/storefront:2026.11.24", cpu: "1024", memory: "2048", created: "2022-02-01T10:00:00Z" },
        { name: "checkout", desired: 4, running: 2, pending: 1, launchType: "FARGATE", revision: 97, image: "acme/checkout:2026.11.25-hotfix", cpu: "512", memory: "1024", created: "2022-02-01T10:05:00Z", event: "(service checkout) (task 3f2a9c1d) failed container health checks." },
        { name: "cart", desired: 3, running: 3, launchType: "FARGATE", revision: 51, image: "acme/cart:2026.11.10", cpu: "512", memory: "1024", created: "2022-02-01T10:10:00Z" },
      ] },
      { name: "prod-workers", containerInstances: 3, capacityProviders: ["prod-workers-asg"], standaloneTasks: 1, services: [
        { name: "billing-worker", desired: 2, running: 2, launchType: "EC2", revision: 33, image: "acme/billing-worker:1.18.0", cpu: "2048", memory: "4096", created: "2021-06-01T10:00:00Z" },
        { name: "email-sender", desired: 1, running: 1, launchType: "EC2", revision: 12, image: "acme/email-sender:0.9.3", cpu: "256", memory: "512", created: "2021-06-01T10:30:00Z" },
      ] },
    ],
    "eu-west-1": [
      { name: "prod-eu-web", containerInstances: 0, capacityProviders: ["FARGATE"], services: [
        { name: "storefront-eu", desired: 4, running: 4, launchType: "FARGATE", revision: 88, image: "acme/storefront:2026.11.24", cpu: "1024", memory: "2048", created: "2024-09-01T10:00:00Z" },
      ] },
    ],
  },
  staging: {
    "us-east-1": [
      { name: "stg-web", containerInstances: 0, capacityProviders: ["FARGATE_SPOT"], services: [
        { name: "storefront", desired: 1, running: 1, launchType: "FARGATE", revision: 402, image: "acme/storefront:2026.11.26-rc1", cpu: "512", memory: "1024", created: "2022-02-01T10:00:00Z" },
        { name: "checkout", desired: 1, running: 1, launchType: "FARGATE", revision: 180, image: "acme/checkout:2026.11.26-rc1", cpu: "512", memory: "1024", created: "2022-02-01T10:05:00Z" },
        { name: "notifications", desired: 2, running: 1, launchType: "FARGATE", revision: 7, image: "acme/notifications:0.3.0", cpu: "256", memory: "512", created: "2026-10-15T10:00:00Z", event: "(service notifications) was unable to place a task. Reason: Capacity is unavailable at this time." },
      ] },
    ],
  },
  development: {
    "us-east-1": [
      { name: "dev-sandbox", containerInstances: 0, capacityProviders: ["FARGATE"], services: [] },
      { name: "ci-agents", containerInstances: 0, capacityProviders: ["FARGATE_SPOT"], services: [
        { name: "buildkite-agents", desired: 3, running: 3, launchType: "FARGATE", revision: 19, image: "buildkite/agent:3.86", cpu: "2048", memory: "4096", created: "2025-01-20T10:00:00Z" },
      ] },
    ],
  },
  data: {
    "us-east-1": [
      { name: "data-pipelines", containerInstances: 2, capacityProviders: ["data-pipelines-asg"], standaloneTasks: 2, services: [
        { name: "airflow-workers", desired: 4, running: 4, launchType: "EC2", revision: 61, image: "acme/airflow:2.10.3", cpu: "2048", memory: "8192", created: "2023-03-01T10:00:00Z" },
        { name: "kafka-connect", desired: 2, running: 2, launchType: "EC2", revision: 14, image: "confluentinc/cp-kafka-connect:7.7.1", cpu: "1024", memory: "4096", created: "2023-08-01T10:00:00Z" },
      ] },
    ],
  },
};
