import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { createSimulatedAws } from "../../src/sandbox/aws.ts";
import { extractSpec } from "../../src/sandbox/extract-spec.ts";
import { sandboxAccounts } from "../../src/sandbox/org.ts";
import { runSpec } from "../../src/sandbox/run-spec.ts";
import { requirePython } from "../helpers/require.ts";

// The sandbox's simulated AWS answers the real Python template (as the AWS MCP Server runs it) and
// the sandbox endpoint's `runSpec` identically, for every built-in tool: the data is not shaped for
// one interpreter only. python3 calls the simulated AWS over a small local HTTP bridge.
const hasPython = requirePython();
const aws = createSimulatedAws();
const accounts = sandboxAccounts();
const account = (name: string) => accounts.find((a) => a.name === name)!;
const dir = mkdtempSync(join(tmpdir(), "sandbox-py-"));
/** Runs a tool script the way aws___run_script does: the body of an async function, call_boto3 in scope. */
const RUNNER = String.raw`import asyncio
import json
import sys
import urllib.request

code, bridge, account = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]


class ClientError(Exception):
    def __init__(self, error, operation):
        self.response = {"Error": error}
        super().__init__(f"An error occurred ({error['Code']}) when calling the {operation} operation: {error['Message']}")


async def call_boto3(service_name, operation_name, region_name=None, params=None):
    body = json.dumps({"account": account, "service": service_name, "operation": operation_name,
                       "region": region_name, "params": params or {}}).encode()
    request = urllib.request.Request(bridge, data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if "error" in answer:
        raise ClientError(answer["error"], operation_name)
    return answer["result"]


namespace = {"call_boto3": call_boto3}
exec("async def __ops():\n" + "\n".join("    " + line for line in code.split("\n")), namespace)
print(json.dumps(asyncio.run(namespace["__ops"]())))
`;
writeFileSync(join(dir, "run_script.py"), RUNNER);
const bridge = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const {
      account: name,
      service,
      operation,
      region,
      params,
    } = (await request.json()) as {
      account: string;
      service: string;
      operation: string;
      region: string;
      params: Record<string, unknown>;
    };
    try {
      return Response.json({ result: await aws.call(account(name), service, operation, region, params) });
    } catch (error) {
      const e = error as {
        code?: string;
        name: string;
        message: string;
        response?: { Error: { Message: string } };
      };
      return Response.json({
        error: { Code: e.code ?? e.name, Message: e.response?.Error.Message ?? e.message },
      });
    }
  },
});
afterAll(() => {
  bridge.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

const tools = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
/** Each tool where its data is: required arguments name resources of that account. */
const RUNS: Record<string, { account: string; args: Record<string, unknown> }> = {
  ecs_describe_services: { account: "staging", args: { cluster: "stg-web" } },
  ecs_describe_tasks: { account: "production", args: { cluster: "prod-web" } },
  eks_describe_nodegroups: { account: "data", args: { cluster_name: "data-spark" } },
  eks_describe_addons: { account: "development", args: { cluster_name: "dev-legacy" } },
  eks_describe_fargate_profiles: { account: "development", args: { cluster_name: "dev-legacy" } },
  lambda_get_function_configuration: {
    account: "production",
    args: { function_name: "billing-report-generator" },
  },
  rds_describe_db_clusters: { account: "production", args: {} },
  lambda_list_event_source_mappings: { account: "data", args: {} },
};

/** Tools with a `parent` run again without the argument naming it, and with a cluster nobody has. */
const PARENT_RUNS = Object.entries(RUNS).flatMap(([name, run]) => {
  const arg = Object.keys(run.args).find((k) => k.startsWith("cluster"));
  if (!arg) return [];
  return [
    [`${name} (every cluster)`, name, { account: run.account, args: {} }],
    [`${name} (no such cluster)`, name, { account: run.account, args: { [arg]: "nowhere" } }],
  ] as const;
});

describe.skipIf(!hasPython)("sandbox data under the real Python template", () => {
  test.each([...tools.map((t) => [t.name, t.name, RUNS[t.name]] as const), ...PARENT_RUNS])(
    "%s: python3 and runSpec agree",
    async (label, name, given) => {
      const tool = tools.find((t) => t.name === name)!;
      const run = given ?? { account: name.startsWith("s3_") ? "staging" : "development", args: {} };
      // Two regions: the template runs them concurrently (asyncio.gather), each answered on its own.
      const code = tool.render(run.args, ["us-east-1", "eu-west-1"]);
      const file = join(dir, `${label.replace(/\W+/g, "_")}.py`);
      writeFileSync(file, code);
      const proc = Bun.spawn(["python3", join(dir, "run_script.py"), file, bridge.url.href, run.account], {
        stdout: "pipe",
        stderr: "pipe",
      });
      const [out, err, status] = await Promise.all([
        new Response(proc.stdout).text(),
        new Response(proc.stderr).text(),
        proc.exited,
      ]);
      expect(err).toBe("");
      expect(status).toBe(0);
      const python = JSON.parse(out);
      const ours = await runSpec(extractSpec(code), (service, operation, region, params) =>
        aws.call(account(run.account), service, operation, region, params),
      );
      expect(python).toEqual(JSON.parse(JSON.stringify(ours)));
      expect(python.regions.map((r: { region: string }) => r.region)).toEqual(["us-east-1", "eu-west-1"]);
      if (label.endsWith("(no such cluster)")) {
        for (const r of python.regions)
          expect(r).toMatchObject({ items: [], not_found: { value: "nowhere" } });
      } else expect(python.regions[0].items.length).toBeGreaterThan(0);
    },
  );
});
