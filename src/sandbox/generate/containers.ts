import type { EcsClusterRow } from "../data/ecs.ts";
import type { EksClusterRow } from "../data/eks.ts";
import { type Draw, isoDaysAgo } from "./random.ts";
import { BUSY, busy } from "./services.ts";

/**
 * ECS and EKS of one generated account in one region: Fargate clusters whose services now and then
 * run fewer tasks than desired, and an EKS cluster in some accounts (some on versions in extended
 * support, some without control-plane logs).
 */
export function generateEcs(draw: Draw, name: string, environment: string): EcsClusterRow[] {
  return Array.from({ length: busy(draw, environment, 2) }, (_, c) => {
    const d = draw.sub(`ecs:${c}`);
    const services = Array.from({ length: d.int(1, 4) }, (_, n) => {
      const s = d.sub(`service:${n}`);
      const desired = s.int(1, 6);
      const short = s.chance(0.08);
      return {
        name: `${name}-svc-${n + 1}`,
        desired,
        running: short ? desired - 1 : desired,
        launchType: "FARGATE" as const,
        revision: s.int(1, 300),
        image: `acme/${name}-svc-${n + 1}:2026.${s.int(1, 11)}`,
        cpu: "512",
        memory: "1024",
        created: isoDaysAgo(s, 30, 1500),
        ...(short
          ? {
              event: `(service ${name}-svc-${n + 1}) was unable to place a task because no container instance met all of its requirements.`,
            }
          : {}),
      };
    });
    return {
      name: `${name}-cluster-${c + 1}`,
      containerInstances: 0,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      services,
    };
  });
}

export function generateEks(draw: Draw, name: string, environment: string): EksClusterRow[] {
  if (!draw.chance((BUSY[environment] ?? 0.2) * 0.5)) return [];
  const version = draw.pick(["1.31", "1.31", "1.30", "1.29", "1.28"]);
  return [
    {
      name: `${name}-eks`,
      version,
      platform: "eks.12",
      created: isoDaysAgo(draw, 60, 1200),
      publicEndpoint: draw.chance(0.2),
      privateEndpoint: true,
      publicCidrs: [],
      logging: draw.chance(0.7) ? ["api", "audit"] : [],
      support: Number(version.split(".")[1]) < 30 ? "EXTENDED" : "STANDARD",
      nodegroups: [
        {
          name: "general",
          instanceTypes: ["m6i.large"],
          min: 2,
          max: 10,
          desired: draw.int(2, 6),
          capacity: "ON_DEMAND",
          amiType: "AL2023_x86_64_STANDARD",
          version,
        },
      ],
      addons: [
        { name: "vpc-cni", version: "v1.19.0-eksbuild.1" },
        { name: "coredns", version: "v1.11.3-eksbuild.2" },
      ],
      fargate: [],
    },
  ];
}
