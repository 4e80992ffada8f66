import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { type CallIo, parseCallCommand, runCall } from "../../src/cli/commands/call.ts";
import { renderToolsText } from "../../src/cli/commands/tools.ts";
import { exitCodeFor, OpsError } from "../../src/errors.ts";
import { AwsError, ORG } from "../fixtures/call/org.ts";
import { startE2e } from "../helpers/call-e2e.ts";
import { type Harness, startHarness } from "../helpers/call-harness.ts";
import { requirePython } from "../helpers/require.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * `ops-agent call`: output of every format from a real fan-out (executor → MCP pool → SigV4 fake
 * server), with one account failing. Durations are normalised; everything else is exact.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    accounts: ORG,
    executor: { cache_ttl_seconds: 0 },
    fail: (a) =>
      a === ORG[2]!.id
        ? new AwsError("UnauthorizedOperation", "You are not authorized to perform this operation.")
        : undefined,
  });
});
afterAll(() => h.close());

function io(progress = false): CallIo & { out: string; err: string } {
  const sink = { out: "", err: "" };
  return Object.assign(sink, {
    progress,
    stdout: (t: string) => {
      sink.out += t;
    },
    stderr: (t: string) => {
      sink.err += t;
    },
  });
}

const ms = (text: string) => text.replace(/\d+ ms/g, "N ms");

async function call(flags: Record<string, unknown>, raw: string[] = [], progress = false) {
  const sink = io(progress);
  const code = await runCall(
    h.executor,
    parseCallCommand({ tool: "ec2_describe_instances", ...flags }, raw),
    sink,
  );
  return { code, out: sink.out, err: sink.err };
}

const DENIED =
  "An error occurred (UnauthorizedOperation) when calling the operation: You are not authorized to perform this operation.";

describe("ops-agent call output", () => {
  test("table: rows grouped by account and region, summary, then the failed account; exit 3", async () => {
    const { code, out, err } = await call({}, ["--arg", "states=running"], true);
    expect(code).toBe(3);
    expect(ms(out)).toBe(
      [
        "ACCOUNT   REGION     ID       NAME                  TYPE      STATE    PRIVATE_IP  PUBLIC_IP  AZ          LAUNCH_TIME  VPC_ID",
        // Missing values are "-", so a column never looks shifted.
        "prod-app  us-east-1  i-01e10  01-us-east-1-running  t3.micro  running  10.1.0.9    -          us-east-1a  -            -",
        "prod-app  eu-west-1  i-01w10  01-eu-west-1-running  t3.micro  running  10.1.0.9    -          eu-west-1a  -            -",
        "staging   eu-west-1  i-03w10  03-eu-west-1-running  t3.micro  running  10.3.0.9    -          eu-west-1a  -            -",
        "",
        "ec2_describe_instances: 3 items from 3 accounts · 4 units: 3 ok, 1 failed · N ms",
        "",
        "Errors:",
        "ACCOUNT    ACCOUNT ID    REGION     CODE                 MESSAGE",
        `prod-data  100000000002  us-east-1  E_AWS_ACCESS_DENIED  ${DENIED}`,
        "",
      ].join("\n"),
    );
    expect(ms(err).split("\n").sort()).toEqual([
      "",
      "✓ prod-app eu-west-1: 1 item · N ms",
      "✓ prod-app us-east-1: 1 item · N ms",
      "✓ staging eu-west-1: 1 item · N ms",
      "✗ prod-data us-east-1: E_AWS_ACCESS_DENIED · N ms",
    ]);
  });

  test("json: the stable envelope", async () => {
    const { code, out, err } = await call(
      { output: "json", accounts: "prod-app,prod-data", regions: "us-east-1" },
      ["--arg", "states=stopped"],
    );
    expect([code, err]).toEqual([3, ""]);
    const doc = JSON.parse(out.replace(/"duration_ms": \d+/g, '"duration_ms": 0'));
    expect(doc).toEqual({
      tool: "ec2_describe_instances",
      args: { states: ["stopped"] },
      results: [
        {
          account_id: "100000000001",
          account_name: "prod-app",
          region: "us-east-1",
          ok: true,
          data: {
            items: [
              {
                id: "i-01e11",
                name: "01-us-east-1-stopped",
                type: "m5.large",
                state: "stopped",
                private_ip: "10.1.1.9",
                public_ip: null,
                az: "us-east-1a",
                launch_time: null,
                vpc_id: null,
              },
            ],
            truncated: false,
          },
          duration_ms: 0,
        },
        {
          account_id: "100000000002",
          account_name: "prod-data",
          region: "us-east-1",
          ok: false,
          error: {
            code: "E_AWS_ACCESS_DENIED",
            aws_code: "UnauthorizedOperation",
            message: DENIED,
            retryable: false,
          },
          duration_ms: 0,
        },
      ],
      status: "partial",
      summary: { units: 2, ok: 1, failed: 1, duration_ms: 0 },
    });
    expect(Object.keys(JSON.parse(out))).toEqual(["tool", "args", "results", "status", "summary"]);
  });

  test("csv: one line per item; errors on stderr. yaml: the JSON envelope", async () => {
    const csv = await call({ output: "csv", accounts: "env:production", args: '{"states":["running"]}' });
    expect(csv.code).toBe(3);
    expect(csv.out).toBe(
      [
        "account_id,account_name,region,id,name,type,state,private_ip,public_ip,az,launch_time,vpc_id",
        "100000000001,prod-app,us-east-1,i-01e10,01-us-east-1-running,t3.micro,running,10.1.0.9,,us-east-1a,,",
        "100000000001,prod-app,eu-west-1,i-01w10,01-eu-west-1-running,t3.micro,running,10.1.0.9,,eu-west-1a,,",
        "",
      ].join("\n"),
    );
    expect(csv.err).toBe(`error prod-data us-east-1 E_AWS_ACCESS_DENIED: ${DENIED}\n`);
    const yaml = await call({ output: "yaml", accounts: "staging" });
    const json = await call({ output: "json", accounts: "staging" });
    const norm = (v: unknown) =>
      JSON.parse(JSON.stringify(v).replace(/"duration_ms":\d+/g, '"duration_ms":0'));
    expect(norm(parse(yaml.out))).toEqual(norm(JSON.parse(json.out)));
    expect([yaml.code, json.code]).toEqual([0, 0]);
  });

  test("--arg pairs are coerced by the schema and win over --args per key", async () => {
    const { code, out } = await call(
      { output: "json", accounts: "staging", args: '{"states":["running"],"instance_types":["x"]}' },
      ["--arg", "states=running,stopped", "--arg=instance_types=t3.micro,m5.large"],
    );
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.args).toEqual({ states: ["running", "stopped"], instance_types: ["t3.micro", "m5.large"] });
    expect(doc.results[0].data.items.map((i: { id: string }) => i.id)).toEqual(["i-03w10", "i-03w11"]);
  });

  test("what the user typed wrong is exit 2, before any tool call", async () => {
    const before = h.server.requests.length;
    const failures: Array<[Record<string, unknown>, string[], string]> = [
      [{ output: "xml" }, [], "E_USAGE"],
      [{ concurrency: "0" }, [], "E_USAGE"],
      [{ args: "[1]" }, [], "E_USAGE"],
      [{}, ["--arg"], "E_USAGE"],
      [{}, ["--arg", "states"], "E_USAGE"],
      [{ tool: "nope" }, [], "E_UNKNOWN_TOOL"],
      [{ accounts: "prod-app,ghost" }, [], "E_UNKNOWN_ACCOUNT"],
      [{ regions: "us-east-1,narnia" }, [], "E_VALIDATION"],
      [{}, ["--arg", "states=exploded"], "E_VALIDATION"],
    ];
    for (const [flags, raw, code] of failures) {
      const error = await call(flags, raw).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpsError);
      expect<unknown[]>([(error as OpsError).code, exitCodeFor(error)]).toEqual([code, 2]);
    }
    expect(exitCodeFor(new OpsError("E_MCP_HTTP", "x"))).toBe(1);
    expect(h.server.requests.length).toBe(before);
  });

  test("the result cache (default TTL) shows in the summary, the progress and JSON; --no-cache skips it", async () => {
    const cached = await startHarness({ accounts: ORG });
    try {
      const run = async (flags: Record<string, unknown>) => {
        const sink = io(true);
        const command = parseCallCommand(
          { tool: "ec2_describe_instances", accounts: "staging", ...flags },
          [],
        );
        return { code: await runCall(cached.executor, command, sink), out: sink.out, err: sink.err };
      };
      const first = await run({});
      expect(first.out).toContain("1 unit: 1 ok, 0 failed · ");
      expect(first.out).not.toContain("cached");
      const second = await run({});
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(second.out).toContain("1 unit: 1 ok, 0 failed, 1 cached · ");
      expect(ms(second.err)).toBe("✓ staging eu-west-1: 2 items (cached) · N ms\n");
      expect(JSON.parse((await run({ output: "json" })).out).results[0].cached).toBe(true);
      const fresh = await run({ cache: false });
      expect(fresh.out).not.toContain("cached");
      expect(cached.server.requests.filter((r) => r.method === "tools/call")).toHaveLength(2);
    } finally {
      await cached.close();
    }
  });
});

describe("ops-agent tools output", () => {
  test("text lists every tool with its description and arguments; json has the input schemas", () => {
    const specs = h.executor.specs();
    const text = renderToolsText(specs);
    expect(text).toStartWith("list_accounts\n  Lists the AWS accounts ops-agent can query");
    expect(text).toContain(
      "ec2_describe_instances\n  EC2 instances with id, Name tag, type, state, private and public IP, availability zone,",
    );
    expect(text).toContain(
      "    states: array of pending|running|shutting-down|terminated|stopping|stopped — Instance states to keep.",
    );
    expect(text).toContain(
      "    accounts: array of string — Accounts to query: `all`, account ids, names, aliases",
    );
    expect(text.split("\n\n")).toHaveLength(specs.length);
  });
});

/** Runs the CLI from source without blocking this process (the fake servers live in it). */
const cli = (args: string[], env: Record<string, string> = {}) => spawnCli(args, { env });

type Statement = { Effect: string; Action?: string[] };

describe("ops-agent call / iam-policy from the command line", () => {
  test("flag mistakes exit 2 with a message", async () => {
    const cases: Array<[string[], string]> = [
      [
        ["call", "ec2_describe_instances", "--output", "xml"],
        "--output must be one of table, json, yaml, csv",
      ],
      [["call", "ec2_describe_instances", "--concurrency", "many"], "--concurrency must be an integer"],
      [["call", "ec2_describe_instances", "--args", "{"], "--args must be a JSON object"],
      [["call"], "Missing required positional argument: TOOL"],
      [["call", "ec2_describe_instances"], "E_CONFIG: no accounts to query"],
      [["iam-policy", "--format", "xml"], "--output must be one of json, yaml"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toContain(message);
    }
  });

  test("iam-policy: managed policies for the built-in tools and aws_read, as JSON and YAML", async () => {
    const json = await cli(["iam-policy"]);
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as {
      policies: Array<{ PolicyName: string; PolicyDocument: { Version: string; Statement: Statement[] } }>;
    };
    const statements = out.policies.flatMap((p) => p.PolicyDocument.Statement);
    for (const p of out.policies) expect(p.PolicyDocument.Version).toBe("2012-10-17");
    const actions = statements.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action ?? []);
    expect(actions).toContain("ec2:DescribeInstances");
    expect(actions).toContain("s3:ListAllMyBuckets");
    expect(actions.every((a) => /^[a-z0-9-]+:(Describe|List|Get|Head|Search|Lookup|BatchGet)/.test(a))).toBe(
      true,
    );
    const yaml = await cli(["iam-policy", "--format", "yaml"]);
    expect(parse(yaml.stdout)).toEqual(out);
  });

  test("iam-policy never prints a mutating verb: allow_operations refuses one at load (E_CONFIG)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-iam-"));
    const config = join(dir, "ops-agent.yaml");
    writeFileSync(config, "readonly:\n  allow_operations: [ec2:TerminateInstances]\n");
    const r = await cli(["iam-policy", "--config", config]);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain("TerminateInstances");
    expect(r.stderr).toContain("not a read operation");
  });

  test("services: [dynamodb] adds a boto3 service to aws_read and to iam-policy; a typo is E_CONFIG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-services-"));
    const config = join(dir, "ops-agent.yaml");
    writeFileSync(config, "services: [dynamodb]\n");
    const iam = await cli(["iam-policy", "--config", config]);
    expect(iam.status).toBe(0);
    const statements = (
      JSON.parse(iam.stdout) as { policies: Array<{ PolicyDocument: { Statement: Statement[] } }> }
    ).policies.flatMap((p) => p.PolicyDocument.Statement);
    const allowed = statements.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action ?? []);
    const denied = statements.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action ?? []);
    expect(allowed).toContain("dynamodb:DescribeTable");
    expect(allowed).not.toContain("dynamodb:GetItem");
    expect(denied).toContain("dynamodb:GetItem");
    const tools = await cli(["tools", "aws_read", "--config", config]);
    expect(tools.stdout).toContain("service: dynamodb|ec2|ecs|eks|lambda|rds|s3");
    const refused = await cli([
      "call",
      "aws_read",
      "--sandbox",
      "--config",
      config,
      "--arg",
      "service=dynamodb",
      "--arg",
      "operation=GetItem",
    ]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("E_READONLY");
    writeFileSync(config, "services: [dynamodbb]\n");
    const typo = await cli(["tools", "aws_read", "--config", config]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("did you mean dynamodb");
  });

  test("call aws_read with a JSON --arg select (the issue's example) returns instance ids and IMDS tokens", async () => {
    const r = await cli([
      "call",
      "aws_read",
      "--sandbox",
      "--output",
      "json",
      "--arg",
      "service=ec2",
      "--arg",
      "operation=DescribeInstances",
      "--arg",
      'select={"id":"InstanceId","imds":"MetadataOptions.HttpTokens"}',
    ]);
    expect(r.status).toBe(0);
    const items = (
      JSON.parse(r.stdout) as { results: Array<{ data?: { items?: Array<Record<string, unknown>> } }> }
    ).results.flatMap((u) => u.data?.items ?? []);
    expect(items.length).toBeGreaterThan(2);
    for (const i of items) {
      expect(String(i.id)).toMatch(/^i-/);
      expect(["optional", "required"]).toContain(String(i.imds));
    }
  });
});

/**
 * End to end through the binary's code path: settings file → createRuntime → IAM provider (real STS
 * client against the moto proxy, AssumeRole answered with per-account keys) → MCP pool → SigV4 fake.
 */
describe.skipIf(!requirePython(["moto"]))("ops-agent call end to end", () => {
  test("table and JSON from a config file, one account denied: exit 3", async () => {
    const e2e = await startE2e(ORG, ORG[2]!.id);
    try {
      const table = await cli(
        ["call", "ec2_describe_instances", "--arg", "states=running", "--config", e2e.configFile],
        e2e.env,
      );
      expect({ status: table.status, stderr: table.stderr }).toEqual({ status: 3, stderr: "" });
      expect(table.stdout).toContain("prod-app  us-east-1  i-01e10  01-us-east-1-running");
      expect(table.stdout).toContain("prod-data  100000000002  us-east-1  E_AWS_ACCESS_DENIED");
      const json = await cli(
        [
          "call",
          "ec2_describe_instances",
          "--output",
          "json",
          "--accounts",
          "staging",
          "--config",
          e2e.configFile,
        ],
        e2e.env,
      );
      expect(json.status).toBe(0);
      expect(JSON.parse(json.stdout).results.map((r: { account_id: string }) => r.account_id)).toEqual([
        ORG[3]!.id,
      ]);
      const tools = await cli(["tools", "--output", "json", "--config", e2e.configFile], e2e.env);
      expect(JSON.parse(tools.stdout).tools.map((t: { name: string }) => t.name)).toContain(
        "ec2_describe_instances",
      );
      expect(e2e.server.requests.filter((r) => r.status === 403)).toEqual([]);
    } finally {
      await e2e.close();
    }
  });
});
