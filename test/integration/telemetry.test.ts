import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeStep, startFakeBedrock } from "../fakes/bedrock.ts";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../fakes/otlp-receiver.ts";
import { spawnCli, startCli } from "../helpers/spawn-cli.ts";

/**
 * Traces as an OpenTelemetry backend receives them: the CLI runs as a subprocess with the standard
 * OTEL_* variables pointing at a local OTLP/HTTP receiver, which decodes both http/protobuf and
 * http/json; the tests check the span tree (names, parent links, attributes) and that no prompt,
 * argument value, result, credential, signature or session token is in any export.
 */
const PROTOCOLS = ["http/protobuf", "http/json"] as const;
const MODEL = "us.anthropic.claude-test-v1:0";
const SECRET = "fake-secret-for-the-local-fake-bedrock-1234";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-for-the-test";
const bedrock = startFakeBedrock();
const receiver = startOtlpReceiver();
afterAll(async () => {
  receiver.stop();
  await bedrock.close();
});
beforeEach(() => {
  receiver.spans.length = 0;
  receiver.raw.length = 0;
  receiver.bodies.length = 0;
  receiver.headers.length = 0;
  receiver.contentTypes.length = 0;
});

const otel = (protocol: string, extra: Record<string, string> = {}) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_SERVICE_NAME: "ops-agent-test",
  OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=ci",
  XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "ops-agent-otel-")),
  ...extra,
});

const modelEnv = {
  OPS_AGENT_MODEL_ID: MODEL,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "ASIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_SESSION_TOKEN: SESSION_TOKEN,
};

/** Parent links as names: `child <- parent` for every span, sorted, so trees compare as text. */
function tree(spans: ReceivedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans
    .map((s) => `${s.name} <- ${s.parentSpanId ? (byId.get(s.parentSpanId)?.name ?? "?") : "ROOT"}`)
    .sort();
}
const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

function expectNoSecrets(r: OtlpReceiver, extra: string[] = []) {
  for (const body of r.raw) {
    for (const secret of [SECRET, SESSION_TOKEN, ...extra]) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/Signature=|X-Amz-Security-Token|AWS4-HMAC-SHA256|authorization/i);
  }
}

describe.each(PROTOCOLS)("OTLP export over %s", (protocol) => {
  test("ask --sandbox (model-free planner): invoke_agent → execute_tool → one script per account → a unit per region and the MCP requests", async () => {
    const question = "list running EC2 instances in production";
    const r = await spawnCli(["ask", "--sandbox", "--session", "sess-planner-1", question], {
      env: otel(protocol),
    });
    expect(r.status).toBe(0);
    const spans = await receiver.waitFor(1);
    expect(
      receiver.contentTypes.every((t) =>
        t.startsWith(protocol === "http/json" ? "application/json" : "application/x-protobuf"),
      ),
    ).toBe(true);
    const [root] = named(spans, "invoke_agent ops-agent");
    expect(root).toBeDefined();
    expect(root!.parentSpanId).toBe("");
    expect(root!.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "ops-agent",
      "session.id": "sess-planner-1",
      "ops_agent.tool_calls": 1,
    });
    expect(root!.resource).toMatchObject({
      "service.name": "ops-agent-test",
      "deployment.environment.name": "ci",
    });
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([root!.traceId]));
    const [tool] = named(spans, "execute_tool ec2_describe_instances");
    expect(tool!.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "ec2_describe_instances",
      "ops_agent.units": 3,
      "ops_agent.units.ok": 3,
      "ops_agent.units.failed": 0,
    });
    // One script per account covers its three regions; each account×region is a unit span under it.
    const [script] = named(spans, "script ec2_describe_instances");
    expect(script!.parentSpanId).toBe(tool!.spanId);
    expect(script!.attributes).toMatchObject({
      "cloud.account.id": "512345678901",
      "ops_agent.regions": ["us-east-1", "eu-west-1", "us-west-2"],
    });
    const units = named(spans, "unit ec2_describe_instances");
    expect(units.map((u) => u.attributes["cloud.region"]).sort()).toEqual([
      "eu-west-1",
      "us-east-1",
      "us-west-2",
    ]);
    for (const unit of units) {
      expect(unit.parentSpanId).toBe(script!.spanId);
      expect(unit.attributes).toMatchObject({
        "cloud.account.id": "512345678901",
        "ops_agent.cache.hit": false,
      });
      expect(unit.status.code).toBe(0);
    }
    const calls = named(spans, "tools/call aws___run_script");
    expect(calls).toHaveLength(1);
    for (const call of calls) {
      expect(call.parentSpanId).toBe(script!.spanId);
      expect(call.attributes["cloud.region"]).toBe("us-east-1");
      expect(call.attributes).toMatchObject({
        "mcp.method.name": "tools/call",
        "http.response.status_code": 200,
        "ops_agent.http.retries": 0,
        "ops_agent.http.throttled": 0,
      });
      expect(call.attributes["http.request.body.size"]).toBeGreaterThan(0);
      expect(call.attributes["http.response.body.size"]).toBeGreaterThan(0);
    }
    expect(
      tree(spans).filter(
        (l) => !l.startsWith("initialize") && !l.startsWith("notifications/") && !l.startsWith("tools/list"),
      ),
    ).toEqual([
      "execute_tool ec2_describe_instances <- invoke_agent ops-agent",
      "invoke_agent ops-agent <- ROOT",
      "script ec2_describe_instances <- execute_tool ec2_describe_instances",
      "tools/call aws___run_script <- script ec2_describe_instances",
      ...Array(3).fill("unit ec2_describe_instances <- script ec2_describe_instances"),
    ]);
    // No prompt, no argument values, no results without OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
    for (const body of receiver.raw) {
      expect(body).not.toContain(question);
      expect(body).not.toContain("running");
      expect(body).not.toContain("InstanceId");
    }
    expectNoSecrets(receiver);
  });

  test("ask --sandbox with a scripted Bedrock model: chat spans with usage, finish reason and time to first chunk; execute_tool per tool use", async () => {
    const steps: FakeStep[] = [
      {
        reply: {
          content: [
            { text: "Looking." },
            {
              toolUse: {
                toolUseId: "t1",
                name: "ec2_describe_instances",
                input: { accounts: ["prod"], regions: ["eu-west-1"], states: ["running"] },
              },
            },
            { toolUse: { toolUseId: "t2", name: "list_accounts", input: {} } },
          ],
          stopReason: "tool_use",
          usage: { inputTokens: 120, outputTokens: 30 },
        },
      },
      {
        reply: {
          content: [{ text: "production runs 3 instances." }],
          usage: { inputTokens: 400, outputTokens: 12 },
        },
      },
    ];
    bedrock.script(...steps);
    const question = "How many instances run in prod eu-west-1?";
    const r = await spawnCli(["ask", "--sandbox", "--log-level", "debug", "--log-format", "json", question], {
      env: { ...modelEnv, ...otel(protocol) },
    });
    expect(r.status).toBe(0);
    const spans = await receiver.waitFor(1);
    const [root] = named(spans, "invoke_agent ops-agent");
    expect(root!.attributes).toMatchObject({
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": MODEL,
      "gen_ai.usage.input_tokens": 520,
      "gen_ai.usage.output_tokens": 42,
      "ops_agent.tool_calls": 2,
    });
    const chats = named(spans, `chat ${MODEL}`);
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(chat.parentSpanId).toBe(root!.spanId);
      expect(chat.kind).toBe(3); // CLIENT
      expect(chat.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": MODEL,
        "gen_ai.request.stream": true,
      });
      expect(chat.attributes["gen_ai.response.time_to_first_chunk"]).toBeGreaterThan(0);
    }
    const usage = chats.map((c) => [
      c.attributes["gen_ai.usage.input_tokens"],
      c.attributes["gen_ai.usage.output_tokens"],
      c.attributes["gen_ai.response.finish_reasons"],
    ]);
    expect(usage.sort()).toEqual([
      [120, 30, ["tool_use"]],
      [400, 12, ["end_turn"]],
    ]);
    const tools = spans.filter((s) => s.name.startsWith("execute_tool "));
    expect(
      tools
        .map((t) => [
          t.name,
          t.attributes["gen_ai.tool.call.id"],
          t.attributes["ops_agent.units"],
          t.parentSpanId === root!.spanId,
        ])
        .sort(),
    ).toEqual([
      ["execute_tool ec2_describe_instances", "t1", 1, true],
      ["execute_tool list_accounts", "t2", 1, true],
    ]);
    const [script] = named(spans, "script ec2_describe_instances");
    expect(script!.parentSpanId).toBe(
      tools.find((t) => t.attributes["gen_ai.tool.call.id"] === "t1")!.spanId,
    );
    const [unit] = named(spans, "unit ec2_describe_instances");
    expect(unit!.parentSpanId).toBe(script!.spanId);
    expect(unit!.attributes).toMatchObject({
      "cloud.account.id": "512345678901",
      "cloud.region": "eu-west-1",
    });
    expect(named(spans, "tools/call aws___run_script")[0]!.parentSpanId).toBe(script!.spanId);
    expect(named(spans, "unit list_accounts")).toHaveLength(0);
    // Log lines written inside a span carry its ids.
    const logged = r.stderr
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const turn = logged.find((l) => l.msg === "model turn");
    expect(turn?.trace_id).toBe(root!.traceId);
    expect(spans.some((s) => s.spanId === turn?.span_id)).toBe(true);
    for (const body of receiver.raw) {
      expect(body).not.toContain(question);
      expect(body).not.toContain("production runs 3 instances");
    }
    expectNoSecrets(receiver);
  });
});

test("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true records the prompt, tool arguments and results, still without credentials", async () => {
  bedrock.script(
    {
      reply: {
        content: [
          {
            toolUse: {
              toolUseId: "c1",
              name: "ec2_describe_instances",
              input: { accounts: ["prod"], regions: ["eu-west-1"] },
            },
          },
        ],
        stopReason: "tool_use",
      },
    },
    { reply: { content: [{ text: "Three instances." }] } },
  );
  const question = "Which instances run in prod?";
  const r = await spawnCli(["ask", "--sandbox", question], {
    env: {
      ...modelEnv,
      ...otel("http/json", { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" }),
    },
  });
  expect(r.status).toBe(0);
  const spans = await receiver.waitFor(1);
  expect(String(named(spans, "invoke_agent ops-agent")[0]!.attributes["gen_ai.input.messages"])).toContain(
    question,
  );
  const [tool] = named(spans, "execute_tool ec2_describe_instances");
  expect(JSON.parse(String(tool!.attributes["gen_ai.tool.call.arguments"]))).toEqual({
    accounts: ["prod"],
    regions: ["eu-west-1"],
  });
  expect(String(tool!.attributes["gen_ai.tool.call.result"])).toContain("512345678901");
  expectNoSecrets(receiver);
});

test("serve: an incoming W3C traceparent on /invocations continues the caller's trace; the session id is on the root span", async () => {
  const cli = startCli(
    [
      "serve",
      "--sandbox",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--log-format",
      "json",
      "--log-level",
      "info",
    ],
    { env: otel("http/protobuf") },
  );
  try {
    await cli.waitFor("stderr", '"msg":"listening"');
    const line = cli.stderr.split("\n").find((l) => l.includes('"msg":"listening"'))!;
    const url = (JSON.parse(line) as { url: string }).url;
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parent = "00f067aa0ba902b7";
    const session = "9d3c2a9e-7b1d-4e5f-9a8b-0c1d2e3f4a5b-otel";
    const response = await fetch(`${url}/invocations`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        traceparent: `00-${traceId}-${parent}-01`,
        "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": session,
      },
      body: JSON.stringify({ prompt: "list s3 buckets in staging" }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    cli.proc.kill("SIGTERM");
    await cli.result;
    const spans = await receiver.waitFor(1);
    const [root] = named(spans, "invoke_agent ops-agent");
    expect(root!.traceId).toBe(traceId);
    expect(root!.parentSpanId).toBe(parent);
    expect(root!.attributes["session.id"]).toBe(session);
    expect(spans.every((s) => s.traceId === traceId)).toBe(true);
    expect(named(spans, "execute_tool s3_list_buckets")[0]!.parentSpanId).toBe(root!.spanId);
  } finally {
    cli.proc.kill("SIGKILL");
  }
});

test("mcp: the MCP client's tools/call is the root span, continuing a traceparent sent in params._meta; a cache hit is a unit span too", async () => {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(import.meta.dir, "../../src/cli/main.ts"), "mcp", "--sandbox"],
    env: { PATH: process.env.PATH ?? "", AWS_EC2_METADATA_DISABLED: "true", ...otel("http/json") },
    stderr: "pipe",
  });
  const client = new Client({ name: "test", version: "1" });
  await client.connect(transport);
  const traceId = "0af7651916cd43dd8448eb211c80319c";
  const call = {
    name: "ec2_describe_instances",
    arguments: { accounts: ["production"], regions: ["us-east-1"] },
    _meta: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
  };
  await client.callTool(call);
  await client.callTool(call); // answered by the result cache: no script, no MCP request
  await client.close();
  const spans = await receiver.waitFor(3);
  const [root, cachedRoot] = named(spans, "tools/call ec2_describe_instances");
  expect(root!.kind).toBe(2); // SERVER
  expect(root!.traceId).toBe(traceId);
  expect(root!.parentSpanId).toBe("b7ad6b7169203331");
  expect(root!.attributes).toMatchObject({
    "mcp.method.name": "tools/call",
    "gen_ai.tool.name": "ec2_describe_instances",
    "ops_agent.units": 1,
  });
  const [script] = named(spans, "script ec2_describe_instances");
  expect(script!.parentSpanId).toBe(root!.spanId);
  const units = named(spans, "unit ec2_describe_instances");
  expect(units.map((u) => [u.parentSpanId, u.attributes["ops_agent.cache.hit"]])).toEqual([
    [script!.spanId, false],
    [cachedRoot!.spanId, true],
  ]);
  expect(spans.filter((s) => s.name.startsWith("execute_tool"))).toHaveLength(0);
});

test("a failing export is one warning with the status, never a failed question", async () => {
  const r = await spawnCli(["ask", "--sandbox", "list running EC2 instances in production"], {
    env: {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/not-traces`,
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=k3y-never-logged",
    },
  });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("production");
  expect(r.stderr).toContain("answered HTTP 404");
  expect(r.stderr).not.toContain("k3y-never-logged");
});

test("two tool uses in one turn share one script: one script span, each unit span once under its own call", async () => {
  const input = { accounts: ["prod"], regions: ["eu-west-1"] };
  bedrock.script(
    {
      reply: {
        content: [
          { toolUse: { toolUseId: "t1", name: "ec2_describe_instances", input } },
          { toolUse: { toolUseId: "t2", name: "ec2_describe_vpcs", input } },
        ],
        stopReason: "tool_use",
      },
    },
    { reply: { content: [{ text: "Listed." }] } },
  );
  const r = await spawnCli(["ask", "--sandbox", "instances and vpcs in prod"], {
    env: { ...modelEnv, ...otel("http/json") },
  });
  expect(r.status).toBe(0);
  const spans = await receiver.waitFor(1);
  const tool = (id: string) => spans.find((s) => s.attributes["gen_ai.tool.call.id"] === id)!;
  const [script, ...more] = named(spans, "script ec2_describe_instances+ec2_describe_vpcs");
  expect(more).toHaveLength(0);
  expect([tool("t1").spanId, tool("t2").spanId]).toContain(script!.parentSpanId!);
  expect(named(spans, "tools/call aws___run_script").map((s) => s.parentSpanId)).toEqual([script!.spanId]);
  const units = (name: string) =>
    named(spans, `unit ${name}`).map((u) => [u.parentSpanId, u.attributes["cloud.region"]]);
  expect(units("ec2_describe_instances")).toEqual([[tool("t1").spanId, "eu-west-1"]]);
  expect(units("ec2_describe_vpcs")).toEqual([[tool("t2").spanId, "eu-west-1"]]);
});
