import { COMPUTE } from "../data/ec2-compute.ts";
import { NETWORK } from "../data/ec2-network.ts";
import { ECS } from "../data/ecs.ts";
import { EKS } from "../data/eks.ts";
import { FUNCTIONS } from "../data/lambda.ts";
import { RDS } from "../data/rds.ts";
import { BUCKETS } from "../data/s3.ts";
import { generateEcs, generateEks } from "./containers.ts";
import { generateEc2 } from "./ec2.ts";
import type { GeneratedAccount, GeneratedOrg } from "./org.ts";
import { createDraw } from "./random.ts";
import { generateBuckets, generateFunctions, generateRds } from "./services.ts";

const HOMES = [
  "us-east-1",
  "us-east-1",
  "us-east-1",
  "us-east-1",
  "eu-west-1",
  "eu-west-1",
  "us-west-2",
  "ap-southeast-2",
];
const SECOND = ["us-west-2", "eu-central-1", "eu-west-1", "ap-northeast-1"];

/**
 * Where an account runs things: a home region, plus a second one for production and shared
 * accounts. Its other enabled regions are empty, as in most real organizations.
 */
export function resourceRegions(member: GeneratedAccount): string[] {
  const draw = createDraw(`regions:${member.account.id}`);
  const home = draw.pick(HOMES);
  const env = member.account.environment;
  if (env !== "production" && env !== "shared") return [home];
  const second = draw.pick(SECOND.filter((r) => r !== home));
  return [home, second];
}

const TABLES = [NETWORK, COMPUTE, RDS, FUNCTIONS, ECS, EKS, BUCKETS] as Record<string, unknown>[];
/** How many live large organizations installed each account name (two may share a name). */
const installed = new Map<string, number>();

/**
 * Adds the generated resources of every active account to the simulated data tables, keyed by
 * account name like the built-in fixtures (the generated names never collide with them), and
 * returns the function that takes them out again (the organization's `close`), so a small sandbox
 * started later in the same process sees only its own accounts. The same organization writes the
 * same rows.
 */
export function installGeneratedData(org: GeneratedOrg): () => void {
  const names: string[] = [];
  for (const member of org.accounts) {
    if (member.state !== "ACTIVE") continue;
    const { id, name, environment } = member.account;
    const regions = resourceRegions(member);
    const network: (typeof NETWORK)[string] = {};
    const compute: (typeof COMPUTE)[string] = {};
    const rds: (typeof RDS)[string] = {};
    const functions: (typeof FUNCTIONS)[string] = {};
    const ecs: (typeof ECS)[string] = {};
    const eks: (typeof EKS)[string] = {};
    regions.forEach((region, i) => {
      const draw = createDraw(`resources:${id}:${region}`);
      // The second region is a smaller footprint (DR, a regional edge).
      const ec2 = generateEc2(draw.sub("ec2"), name, environment, region, i === 0 ? 1 : 0.4);
      network[region] = ec2.network;
      compute[region] = ec2.compute;
      rds[region] = generateRds(draw.sub("rds"), name, environment, region);
      functions[region] = generateFunctions(draw.sub("lambda"), name, environment);
      ecs[region] = generateEcs(draw.sub("ecs"), name, environment);
      eks[region] = generateEks(draw.sub("eks"), name, environment);
    });
    Object.assign(NETWORK, { [name]: network });
    Object.assign(COMPUTE, { [name]: compute });
    Object.assign(RDS, { [name]: rds });
    Object.assign(FUNCTIONS, { [name]: functions });
    Object.assign(ECS, { [name]: ecs });
    Object.assign(EKS, { [name]: eks });
    BUCKETS[name] = generateBuckets(createDraw(`buckets:${id}`), name, id, regions);
    installed.set(name, (installed.get(name) ?? 0) + 1);
    names.push(name);
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    for (const name of names) {
      const left = (installed.get(name) ?? 1) - 1;
      if (left > 0) {
        installed.set(name, left);
        continue;
      }
      installed.delete(name);
      for (const table of TABLES) delete table[name];
    }
  };
}
