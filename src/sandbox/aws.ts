import { builtinCatalogue } from "../catalogue/builtin.ts";
import { isKnownRegion, knownRegions } from "../config/regions.ts";
import type { Account } from "../config/types.ts";
import {
  AwsServiceError,
  OperationNotFoundError,
  SandboxUnsupportedError,
  UnknownServiceError,
} from "./aws-error.ts";
import { DENIALS } from "./data/denials.ts";
import { account as accountApi } from "./services/account.ts";
import { ec2 } from "./services/ec2.ts";
import { ecs } from "./services/ecs.ts";
import { eks } from "./services/eks.ts";
import { lambda } from "./services/lambda.ts";
import { rds } from "./services/rds.ts";
import { s3 } from "./services/s3.ts";
import type { ServiceSim } from "./services/types.ts";

const SERVICES: Record<string, ServiceSim> = { account: accountApi, ec2, s3, rds, lambda, ecs, eks };

/** Services whose API is global: callable from any region the account has enabled. */
const GLOBAL = new Set(["account"]);

export interface SimulatedAws {
  /**
   * `call_boto3` for one account: resolves to the response dict or rejects like botocore would.
   * `principal` (the assumed-role ARN) is named in access-denied messages.
   */
  call(
    account: Account,
    service: string,
    operation: string,
    region: string,
    params: Record<string, unknown>,
    principal?: string,
  ): Promise<Record<string, unknown>>;
}

export interface SimulatedAwsOptions {
  /** Added before every answer, to make fan-out visible (benchmarks, demos). Default 0. */
  latencyMs?: number;
  /** The regions an account has enabled; calls elsewhere fail as AWS fails them. Default: every region. */
  enabledRegions?: (account: Account) => readonly string[];
}

/** The sandbox's AWS: answers read operations from the fixture data of the calling account. */
export function createSimulatedAws(options: SimulatedAwsOptions = {}): SimulatedAws {
  const latency = options.latencyMs ?? 0;
  const everywhere = knownRegions();
  const enabledOf = options.enabledRegions ?? (() => everywhere);
  return {
    async call(account, service, operation, region, params, principal) {
      if (latency > 0) await Bun.sleep(latency);
      const sim = Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined;
      const handler = sim && Object.hasOwn(sim, operation) ? sim[operation] : undefined;
      if (!handler) throw notSimulated(service, operation, sim);
      if (!isKnownRegion(region)) {
        throw new AwsServiceError("InvalidRegion", `The region '${region}' is not valid`, operation);
      }
      const enabled = enabledOf(account);
      if (!enabled.includes(region) && !GLOBAL.has(service)) {
        throw new AwsServiceError(
          "OptInRequired",
          `The region '${region}' is not enabled for account ${account.id}`,
          operation,
          403,
        );
      }
      const denial = DENIALS.find(
        (d) => d.account === account.name && d.region === region && d.service === service,
      );
      if (denial) {
        const who = principal ?? `arn:aws:sts::${account.id}:assumed-role/OpsAgentReadOnly/ops-agent`;
        throw new AwsServiceError(
          "AccessDeniedException",
          `User: ${who} is not authorized to perform: ${service}:${operation} with an explicit deny in a service control policy: arn:aws:organizations::401234567890:policy/o-sandbox/service_control_policy/${denial.policy}`,
          operation,
          403,
        );
      }
      const read = new Set<string>();
      const given = params ?? {};
      const answer = handler({ account, region, operation, params: tracked(given, read), enabled });
      // A parameter the simulator never looked at would be silently ignored: a confident wrong answer.
      const ignored = Object.keys(given).filter((k) => !read.has(k));
      if (ignored.length > 0) {
        throw new SandboxUnsupportedError(
          `parameter ${ignored.join(", ")} of ${service}:${operation} (it would be ignored)`,
          [...read].sort(),
        );
      }
      // Deep copy: callers may change what they get without touching the fixtures.
      return structuredClone(answer);
    },
  };
}

/**
 * A real operation (the catalogue knows it) or a real service the sandbox lacks is E_SANDBOX_UNSUPPORTED;
 * a name AWS does not know is botocore's own error, as the real server would answer.
 */
function notSimulated(service: string, operation: string, sim: ServiceSim | undefined): Error {
  const known = builtinCatalogue().service(service);
  if (!sim && !known) return new UnknownServiceError(service, Object.keys(SERVICES));
  if (known && !Object.hasOwn(known.ops, operation)) {
    return new OperationNotFoundError(service, operation, Object.keys(sim ?? {}));
  }
  return new SandboxUnsupportedError(
    `${service}:${operation}`,
    sim ? Object.keys(sim).map((op) => `${service}:${op}`) : [],
  );
}

/** The parameters, recording each name a handler reads (`params.X`, `"X" in params`, spreads). */
function tracked(params: Record<string, unknown>, read: Set<string>): Record<string, unknown> {
  return new Proxy(params, {
    get(target, key, receiver) {
      if (typeof key === "string") read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") read.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === "string") read.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}
