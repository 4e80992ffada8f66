/**
 * A small test-local Executor: the agent's collaborator on the tool side. The wire protocol under test in
 * the agent tests is Bedrock's (test/fakes/bedrock.ts); the real executor has its own tests.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account, AwsEnvironment, Settings } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { toCallResult } from "../../src/tools/call-result.ts";
import type { CallResult, Executor, ToolSpec, UnitData, UnitResult } from "../../src/tools/types.ts";
import { type RecordedCall, recordCall } from "./recorded-call.ts";

export const accounts: Account[] = [
  {
    id: "111111111111",
    name: "ops",
    environment: "shared",
    role: "central",
    regions: ["us-east-1"],
    aliases: [],
  },
  {
    id: "222222222222",
    name: "shop-prod",
    environment: "production",
    role: "workload",
    regions: ["us-east-1", "eu-west-1"],
    aliases: ["prod", "shop"],
  },
  {
    id: "333333333333",
    name: "shop-stg",
    environment: "staging",
    role: "workload",
    regions: ["us-east-1"],
    aliases: [],
  },
];

const accountsParam = { type: "array", items: { type: "string" }, description: "Accounts to query" };
const regionsParam = { type: "array", items: { type: "string" }, description: "Regions to query" };

export const specs: ToolSpec[] = [
  {
    name: "list_ec2_instances",
    description: "EC2 instances with state and type.",
    inputSchema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "noise",
      type: "object",
      properties: {
        state: { type: "string", enum: ["running", "stopped"], examples: ["running"] },
        accounts: accountsParam,
        regions: regionsParam,
      },
    },
  },
  {
    name: "list_accounts",
    description: "Lists the accounts.",
    inputSchema: { type: "object", properties: {} },
  },
];

/** A handler returns the units of one call; the default answers every requested account with two items. */
export type Handler = (request: RecordedCall) => Promise<UnitResult[]> | UnitResult[];

export interface ScriptedExecutor extends Executor {
  calls: RecordedCall[];
  /** Most calls in flight at once (parallel tool uses must overlap). */
  maxInFlight: number;
  /** Calls that have returned. */
  completed: number;
  handlers: Map<string, Handler>;
}

export function unit(
  account: Account,
  region: string,
  data: unknown,
  error?: UnitResult["error"],
): UnitResult {
  return error
    ? { account_id: account.id, account_name: account.name, region, ok: false, error, duration_ms: 1 }
    : {
        account_id: account.id,
        account_name: account.name,
        region,
        ok: true,
        data: data as UnitData,
        duration_ms: 1,
      };
}

function select(names: string[] | undefined): Account[] {
  if (!names) return accounts.filter((a) => a.role === "workload");
  return names.map((n) => {
    const found = accounts.find((a) => a.id === n || a.name === n || a.aliases.includes(n));
    if (!found) throw new OpsError("E_UNKNOWN_ACCOUNT", `unknown account "${n}"`);
    return found;
  });
}

export function createScriptedExecutor(delayMs = 0): ScriptedExecutor {
  const handlers = new Map<string, Handler>();
  let inFlight = 0;
  const executor: ScriptedExecutor = {
    calls: [],
    maxInFlight: 0,
    completed: 0,
    handlers,
    specs: () => specs,
    accounts: () => accounts,
    async invoke(name, rawInput, options) {
      const request = recordCall(name, rawInput, options);
      executor.calls.push(request);
      if (!specs.some((s) => s.name === request.tool)) {
        throw new OpsError("E_UNKNOWN_TOOL", `unknown tool "${request.tool}"`);
      }
      inFlight++;
      executor.maxInFlight = Math.max(executor.maxInFlight, inFlight);
      const started = performance.now();
      try {
        // Deliberately deaf to the signal while sleeping: the agent must not wait for a slow executor.
        if (delayMs > 0) await Bun.sleep(delayMs);
        request.signal?.throwIfAborted();
        const handler = handlers.get(request.tool);
        const results = handler
          ? await handler(request)
          : select(request.accounts).flatMap((a) =>
              (request.regions ?? a.regions).map((r) =>
                unit(a, r, { items: [{ id: `i-${a.name}-${r}` }], truncated: false }),
              ),
            );
        return toCallResult(
          request.tool,
          request.args,
          results,
          performance.now() - started,
        ) satisfies CallResult;
      } finally {
        inFlight--;
        executor.completed++;
      }
    },
  };
  return executor;
}

export function testSettings(model: Partial<Settings["model"]> = {}): Settings {
  const settings = structuredClone(defaultSettings) as Settings;
  settings.region = "eu-central-1";
  settings.model = { ...settings.model, ...model };
  return settings;
}

export function testEnv(endpoint: string): AwsEnvironment {
  return { endpoints: { bedrockRuntime: endpoint }, home: "/nonexistent" };
}

/** Static keys: the fake does not verify signatures, but the SDK signs every request as it would for AWS. */
export const testCredentials = { accessKeyId: "AKIDTESTTESTTEST1234", secretAccessKey: "test-secret" };

/** The SDK's default handler (HTTP/2 prior knowledge under Bun), to show the fake serves what it speaks. */
export function defaultHandlerClient(endpoint: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: "eu-central-1",
    endpoint,
    credentials: testCredentials,
    maxAttempts: 1,
  });
}
