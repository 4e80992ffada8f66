import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { AwsV4Signer } from "aws4fetch";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import type { PluginTool } from "../../src/plugins/types.ts";
import { createSimulatedAws } from "../../src/sandbox/aws.ts";
import { type Sandbox, sandboxAccounts, startSandbox } from "../../src/sandbox/index.ts";
import { createKeyTable } from "../../src/sandbox/keys.ts";
import { createSandboxMcp } from "../../src/sandbox/mcp-endpoint.ts";

// The sandbox MCP endpoint driven by the real MCP SDK client over HTTP, each request signed with
// aws4fetch using credentials the sandbox STS issued (obtained with the real STS client).
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken: string };
let sandbox: Sandbox;
const creds = new Map<string, Creds>();
const tools: PluginTool[] = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;

beforeAll(async () => {
  sandbox = await startSandbox({ logger: silentLogger });
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: sandbox.stsEndpoint,
    credentials: sandbox.baseCredentials,
  });
  for (const account of sandbox.accounts) {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account.id}:role/OpsAgentReadOnly`,
        RoleSessionName: "test",
      }),
    );
    const c = out.Credentials!;
    creds.set(account.name, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
  }
});
afterAll(() => sandbox.close());

function signedFetch(c: Creds, tamper = false) {
  return async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? init.body : undefined;
    const signer = new AwsV4Signer({
      method: init.method ?? "GET",
      url: input.toString(),
      headers,
      body,
      ...c,
      service: "aws-mcp",
      region: "us-east-1",
    });
    const signed = await signer.sign();
    const sentBody = tamper && body ? `${body} ` : body;
    return fetch(signed.url, { method: signed.method, headers: signed.headers, body: sentBody });
  };
}

async function connect(account: string, fetchImpl = signedFetch(creds.get(account)!)) {
  const client = new Client({ name: "sandbox-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(sandbox.mcpEndpoint), { fetch: fetchImpl }));
  return client;
}

const call = (client: Client, code: string, region: string) =>
  client.callTool({ name: "aws___run_script", arguments: { code }, _meta: { AWS_REGION: region } });

type Region = {
  region: string;
  items: unknown[];
  truncated: boolean;
  error?: { code: string; message: string };
};
/** The first region's answer of a one-region script. */
const regionOf = (result: Record<string, unknown>) =>
  (result.structuredContent as { regions: Region[] }).regions[0]!;

/** Arguments for the tools that require some: names that exist in the account that runs them. */
const ACCOUNT_OF: Record<string, string> = { eks_describe_fargate_profiles: "data" };
const SAMPLE_ARGS: Record<string, Record<string, unknown>> = {
  eks_describe_fargate_profiles: { cluster_name: "data-spark" },
  ecs_describe_services: { cluster: "prod-web" },
  ecs_describe_tasks: { cluster: "prod-web" },
  eks_describe_nodegroups: { cluster_name: "prod-platform" },
  eks_describe_addons: { cluster_name: "prod-platform" },
  lambda_get_function_configuration: { function_name: "orders-webhook" },
};

describe("sandbox MCP endpoint", () => {
  test("lists the AWS MCP Server's script tool", async () => {
    const client = await connect("production");
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(["aws___run_script", "aws___list_regions"]);
    await client.close();
  });

  test.each(tools.map((t) => [t.name, t] as const))(
    "%s: its rendered script returns items from the sandbox data (us-east-1)",
    async (name, tool) => {
      const client = await connect(ACCOUNT_OF[name] ?? "production");
      const result = await call(client, tool.render(SAMPLE_ARGS[name] ?? {}, ["us-east-1"]), "us-east-1");
      await client.close();
      expect(result.isError).toBeFalsy();
      expect(JSON.parse((result.content as Array<{ text: string }>)[0]!.text)).toEqual(
        result.structuredContent,
      );
      const value = regionOf(result);
      expect(value.error).toBeUndefined();
      expect(value.items.length).toBeGreaterThan(0);
      expect(value.truncated).toBe(false);
      // No selected field is missing everywhere: every plugin path meets the simulated shapes.
      const first = value.items[0] as Record<string, unknown>;
      for (const key of Object.keys(first)) {
        const seen = value.items.some((i) => {
          const v = (i as Record<string, unknown>)[key];
          return v !== null && v !== undefined;
        });
        if (!OPTIONAL_FIELDS.has(`${name}.${key}`))
          expect(`${name}.${key}: ${seen}`).toBe(`${name}.${key}: true`);
      }
    },
  );

  test("the key decides the account: the same script sees different data per account", async () => {
    const tool = tools.find((t) => t.name === "ec2_describe_instances")!;
    const names = async (account: string) => {
      const client = await connect(account);
      const r = await call(client, tool.render({}, ["us-east-1"]), "us-east-1");
      await client.close();
      return (regionOf(r).items as Array<{ name: string }>).map((i) => i.name);
    };
    const [prod, dev] = await Promise.all([names("production"), names("development")]);
    expect(prod).toContain("prod-bastion");
    expect(dev).toContain("dev-alice");
    expect(prod).not.toContain("dev-alice");
  });

  test("filters reach the simulated API: running instances only", async () => {
    const tool = tools.find((t) => t.name === "ec2_describe_instances")!;
    const client = await connect("production");
    const r = await call(client, tool.render({ states: ["stopped"] }, ["us-east-1"]), "us-east-1");
    await client.close();
    const items = regionOf(r).items as Array<{ state: string; name: string }>;
    expect(items.map((i) => i.name).sort()).toEqual(["legacy-reporting", "prod-batch-worker"]);
  });

  test("an SCP denial is that region's error, naming AccessDenied; the other region answers", async () => {
    const tool = tools.find((t) => t.name === "lambda_list_functions")!;
    const client = await connect("staging");
    const r = await call(client, tool.render({}, ["eu-west-1", "us-east-1"]), "eu-west-1");
    await client.close();
    expect(r.isError).toBeFalsy();
    const [denied, allowed] = (r.structuredContent as { regions: Region[] }).regions;
    expect(denied!.error?.code).toBe("AccessDeniedException");
    expect(denied!.error?.message).toContain("service control policy");
    expect(allowed).toMatchObject({ region: "us-east-1", truncated: false });
  });

  test("a tool call without _meta.AWS_REGION is refused", async () => {
    const client = await connect("production");
    const tool = tools.find((t) => t.name === "s3_list_buckets")!;
    await expect(
      client.callTool({ name: "aws___run_script", arguments: { code: tool.render({}, ["us-east-1"]) } }),
    ).rejects.toThrow(/AWS_REGION is required/);
    await client.close();
  });

  test("anything but an ops-agent script is refused", async () => {
    const client = await connect("production");
    const r = await call(client, "import os\nreturn os.environ", "us-east-1");
    await client.close();
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]!.text).toContain("only ops-agent tool scripts");
  });

  test("a body changed after signing is refused with 403", async () => {
    const client = new Client({ name: "sandbox-test", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(sandbox.mcpEndpoint), {
      fetch: signedFetch(creds.get("production")!, true),
    });
    await expect(client.connect(transport)).rejects.toThrow(/403|SignatureDoesNotMatch/);
  });

  test("a session belongs to the identity that opened it", async () => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const opened = await signedFetch(creds.get("production")!)(sandbox.mcpEndpoint, {
      method: "POST",
      headers,
      body: JSON.stringify(init),
    });
    const session = opened.headers.get("mcp-session-id");
    expect(opened.status).toBe(200);
    const list = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    const hijack = await signedFetch(creds.get("development")!)(sandbox.mcpEndpoint, {
      method: "POST",
      headers: { ...headers, "mcp-session-id": session ?? "" },
      body: list,
    });
    expect(hijack.status).toBe(403);
    const noSession = await signedFetch(creds.get("development")!)(sandbox.mcpEndpoint, {
      method: "POST",
      headers,
      body: list,
    });
    expect(noSession.status).toBe(400);
  });

  test("credentials past their expiration are refused with ExpiredTokenException", async () => {
    let clock = Date.parse("2026-11-26T10:00:00Z");
    const keys = createKeyTable({ now: () => clock });
    const endpoint = createSandboxMcp({
      keys,
      aws: createSimulatedAws(),
      logger: silentLogger,
      regions: ["us-east-1"],
      signingRegion: "us-east-1",
      now: () => clock,
    });
    const issued = keys.issue(sandboxAccounts()[1]!, "OpsAgentReadOnly", "test", 900);
    const send = async () => {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} });
      const signer = new AwsV4Signer({
        method: "POST",
        url: "http://127.0.0.1:1/mcp",
        headers: { "content-type": "application/json" },
        body,
        ...issued,
        service: "aws-mcp",
        region: "us-east-1",
        datetime: new Date(clock).toISOString().replace(/[:-]|\.\d{3}/g, ""),
      });
      const signed = await signer.sign();
      return endpoint.handle(
        new Request(signed.url.toString(), { method: "POST", headers: signed.headers, body }),
      );
    };
    expect((await send()).status).not.toBe(403);
    clock += 901_000;
    const late = await send();
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("ExpiredTokenException");
    await endpoint.close();
  });

  test("unsigned requests and keys the STS never issued are refused", async () => {
    const unsigned = await fetch(sandbox.mcpEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(unsigned.status).toBe(403);
    const stranger = {
      accessKeyId: "ASIAXXXXXXXXXXXXXXXX",
      secretAccessKey: "s".repeat(40),
      sessionToken: "t",
    };
    await expect(connect("production", signedFetch(stranger))).rejects.toThrow(/403|security token/);
  });
});

/** Fields that are legitimately null for every item of production us-east-1. */
const OPTIONAL_FIELDS = new Set([
  "ec2_describe_instances.public_ip",
  "lambda_get_function_configuration.subnets",
  "lambda_get_function_configuration.security_groups",
  "lambda_get_function_configuration.layers",
  "ecs_describe_tasks.stopped_reason",
  "ecs_describe_task_definitions.task_role",
  "eks_describe_clusters.public_access_cidrs",
]);
