import { afterAll, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CallResult } from "../../src/tools/types.ts";
import { startFakeBedrock } from "../fakes/bedrock.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const SESSION = "3f6c2a9e-7b1d-4e5f-9a8b-0c1d2e3f4a5b-cli";
/** Set, so `--sandbox` answers with the model (the fake) rather than the model-free planner. */
const MODEL_ID = "eu.anthropic.claude-override-test-v1:0";
const bedrock = startFakeBedrock();
afterAll(() => bedrock.close());

/** `ops-agent serve --sandbox --mcp` on free ports, its JSON log lines collected from stderr. */
function spawnServe() {
  const proc = Bun.spawn(
    [
      process.execPath,
      "src/cli/main.ts",
      "serve",
      "--sandbox",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--mcp",
      "--mcp-port",
      "0",
    ],
    {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PATH: process.env.PATH ?? "",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_REGION: "us-east-1",
        // Bedrock itself is the local fake; these keys only let the SDK sign its requests.
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "fake-secret-for-the-local-fake-bedrock",
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
        OPS_AGENT_MODEL_ID: MODEL_ID,
      },
    },
  );
  const lines: Record<string, unknown>[] = [];
  let raw = "";
  const pump = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) {
      raw += decoder.decode(chunk, { stream: true });
      const parts = raw.split("\n");
      raw = parts.pop()!;
      for (const line of parts) if (line.startsWith("{")) lines.push(JSON.parse(line));
    }
  })();
  // Until the line comes or the process ends: no deadline of its own (the test timeout bounds it).
  const waitFor = async (msg: string) => {
    for (;;) {
      const found = lines.find((l) => l.msg === msg);
      if (found) return found;
      if (proc.exitCode !== null) {
        await pump; // the last lines may still be in the pipe
        const last = lines.find((l) => l.msg === msg);
        if (last) return last;
        break;
      }
      await Bun.sleep(10);
    }
    throw new Error(`no "${msg}" log line; got ${JSON.stringify(lines)}`);
  };
  return { proc, lines, waitFor, pump };
}

test("`ops-agent serve --sandbox --mcp`: ping, JSON and SSE invocations through the real agent, /mcp, SIGTERM", async () => {
  const { proc, lines, waitFor, pump } = spawnServe();
  const url = (await waitFor("listening")).url as string;
  const ping = await fetch(`${url}/ping`);
  expect(ping.status).toBe(200);
  expect(await ping.json()).toMatchObject({ status: "Healthy" });

  bedrock.script(
    {
      reply: {
        content: [
          {
            toolUse: {
              toolUseId: "t1",
              name: "ec2_describe_instances",
              input: { accounts: ["production", "staging"], regions: ["us-east-1"] },
            },
          },
        ],
        stopReason: "tool_use",
      },
    },
    { reply: { content: [{ text: "production and staging have instances." }] } },
  );
  const sse = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: {
      accept: "text/event-stream",
      "content-type": "application/json",
      "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": SESSION,
    },
    body: JSON.stringify({ prompt: "which instances run in production and staging?" }),
  });
  expect(sse.status).toBe(200);
  const events = (await sse.text())
    .trim()
    .split("\n\n")
    .map((e) => JSON.parse(e.replace(/^data: /, "")));
  const types = events.map((e) => e.type);
  expect(types).toContain("tool_start");
  expect(types).toContain("tool_end");
  expect(events.find((e) => e.type === "tool_end")).toMatchObject({
    tool: "ec2_describe_instances",
    ok: true,
  });
  expect(events.at(-1)).toMatchObject({
    type: "done",
    session_id: SESSION,
    tool_calls: [{ tool: "ec2_describe_instances" }],
  });
  expect(
    events
      .filter((e) => e.type === "text")
      .map((e) => e.delta)
      .join(""),
  ).toContain("production and staging");
  expect(bedrock.requests.map((r) => r.modelId)).toEqual([MODEL_ID, MODEL_ID]); // the env override
  // What the model received from the real runtime: the sandbox registry and plugin tools.
  const first = bedrock.requests[0]!.body as {
    system: Array<{ text?: string }>;
    toolConfig: {
      tools: Array<{ toolSpec?: { name: string; inputSchema: { json: Record<string, unknown> } } }>;
    };
  };
  expect(first.system[0]!.text).toMatch(/- \d{12} production environment=production .*regions=/);
  const specs = first.toolConfig.tools.flatMap((t) => (t.toolSpec ? [t.toolSpec] : []));
  expect(specs.map((t) => t.name)).toContain("list_accounts");
  expect(specs.map((t) => t.name)).toContain("ec2_describe_instances");
  // list_accounts and query_results (the SQL over this conversation's result tables) fan out over nothing.
  for (const spec of specs.filter((t) => t.name !== "list_accounts" && t.name !== "query_results")) {
    const props = spec.inputSchema.json.properties as Record<string, unknown>;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(["accounts", "regions"]));
    expect(JSON.stringify(spec.inputSchema.json)).not.toContain('"$schema"');
  }

  bedrock.script({ reply: { content: [{ text: "Still two accounts." }] } });
  const json = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "x-amzn-bedrock-agentcore-runtime-session-id": SESSION, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "and now?" } }),
  });
  expect(json.status).toBe(200);
  expect(await json.json()).toMatchObject({
    response: "Still two accounts.",
    session_id: SESSION,
    tool_calls: [],
  });
  // The follow-up carried the first exchange: the session's memory lives across invocations.
  const followUp = JSON.stringify(bedrock.requests.at(-1)!.body);
  expect(followUp).toContain("which instances run in production and staging?");
  expect(followUp).toContain("production and staging have instances.");

  const mcpUrl = (await waitFor("mcp listening")).url as string;
  const client = new Client({ name: "test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  const call = (await client.callTool({
    name: "ec2_describe_instances",
    arguments: { accounts: ["production", "staging"] },
  })) as CallToolResult;
  const accounts = new Set(
    (call.structuredContent as unknown as CallResult).results.map((r) => r.account_name),
  );
  expect([...accounts].sort()).toEqual(["production", "staging"]);
  await client.close();

  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
  await pump;
  const invocations = lines.filter((l) => l.msg === "invocation");
  expect(invocations.map((l) => l.status)).toEqual([200, 200]);
  expect(JSON.stringify(lines)).not.toContain("which instances run"); // prompts never reach the log
  expect(JSON.stringify(lines)).not.toContain("fake-secret");
  expect(lines.at(-1)).toMatchObject({ msg: "stopped", code: 0 });
}, 30_000);
