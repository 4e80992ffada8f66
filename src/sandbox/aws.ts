import type { Account } from "../config/types.ts";
import { isKnownRegion, knownRegions } from "../org/regions.ts";
import { AwsServiceError, OperationNotFoundError, UnknownServiceError } from "./aws-error.ts";
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
      const sim = SERVICES[service];
      if (!sim) throw new UnknownServiceError(service, Object.keys(SERVICES));
      const handler = Object.hasOwn(sim, operation) ? sim[operation] : undefined;
      if (!handler) throw new OperationNotFoundError(service, operation, Object.keys(sim));
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
      // Deep copy: callers may change what they get without touching the fixtures.
      return structuredClone(handler({ account, region, operation, params: params ?? {}, enabled }));
    },
  };
}
