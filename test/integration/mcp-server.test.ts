import { afterAll, describe, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startMcpHttpServer } from "../../src/server/mcp-http.ts";
import { createMcpToolServer } from "../../src/server/mcp-tool-server.ts";
import type { CallResult } from "../../src/tools/types.ts";
import { createCapturingLogger, createFakeExecutor } from "../helpers/serve-fakes.ts";
import { until } from "../helpers/until.ts";

/** What every transport must show the same way: the tools, a fan-out call, failures as isError. */
async function exerciseTools(client: Client) {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(["describe_things", "list_accounts"]);
  const describe = tools.find((t) => t.name === "describe_things")!;
  expect(Object.keys(describe.inputSchema.properties ?? {})).toEqual(["kind", "accounts", "regions"]);
  expect(describe.annotations?.readOnlyHint).toBe(true);

  const call = (await client.callTool({
    name: "describe_things",
    arguments: { kind: "db", accounts: ["prod", "staging", "broken"] },
  })) as CallToolResult;
  expect(call.isError).toBe(false);
  const envelope = call.structuredContent as unknown as CallResult;
  expect(JSON.parse((call.content[0] as { text: string }).text)).toEqual(envelope);
  expect(envelope.args).toEqual({ kind: "db" });
  expect(envelope.results.map((r) => `${r.account_name}/${r.region}:${r.ok}`)).toEqual([
    "prod/us-east-1:true",
    "staging/us-east-1:true",
    "staging/eu-west-1:true",
    "broken/us-east-1:false",
  ]);
  expect(envelope.summary).toMatchObject({ units: 4, ok: 3, failed: 1 });

  const regional = (await client.callTool({
    name: "describe_things",
    arguments: { accounts: "staging", regions: ["eu-west-1"] },
  })) as CallToolResult;
  expect((regional.structuredContent as unknown as CallResult).results).toHaveLength(1);

  const allFailed = (await client.callTool({
    name: "describe_things",
    arguments: { accounts: ["broken"] },
  })) as CallToolResult;
  expect(allFailed.isError).toBe(true);

  const unknown = (await client.callTool({ name: "delete_everything", arguments: {} })) as CallToolResult;
  expect(unknown.isError).toBe(true);
  expect(unknown.structuredContent).toMatchObject({ error: { code: "E_UNKNOWN_TOOL" } });

  const badAccounts = (await client.callTool({
    name: "describe_things",
    arguments: { accounts: [1, 2] },
  })) as CallToolResult;
  expect(badAccounts.structuredContent).toMatchObject({ error: { code: "E_VALIDATION" } });

  const accounts = (await client.callTool({ name: "list_accounts", arguments: {} })) as CallToolResult;
  const registry = accounts.structuredContent as unknown as CallResult;
  const items = (registry.results[0]!.data as { items: { name: string }[] }).items;
  expect(items.map((a) => a.name)).toEqual(["prod", "staging", "broken"]);
}

describe("MCP tool server", () => {
  test("in process (InMemoryTransport)", async () => {
    const executor = createFakeExecutor();
    const server = createMcpToolServer({
      executor,
      logger: createCapturingLogger().logger,
      version: "1.2.3",
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "test", version: "1" });
    await client.connect(clientSide);
    expect(client.getServerVersion()).toMatchObject({ name: "ops-agent", version: "1.2.3" });
    await exerciseTools(client);
    expect(executor.calls[0]).toMatchObject({
      tool: "describe_things",
      args: { kind: "db" },
      accounts: ["prod", "staging", "broken"],
      regions: undefined,
    });
    await client.close();
  });

  test("over stdio, as `ops-agent mcp` serves it", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [new URL("../fixtures/serve/mcp-stdio.ts", import.meta.url).pathname],
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const client = new Client({ name: "test", version: "1" });
    await client.connect(transport);
    await exerciseTools(client);
    await client.close();
    await until(() => stderr.includes("stdio server closed"));
    expect(stderr).toContain("mcp server ready on stdio"); // logs went to stderr, stdout stayed JSON-RPC
    expect(stderr).toContain("stdio server closed"); // closing stdin ends the server cleanly
  });
});

describe("MCP over stateless Streamable HTTP (/mcp)", () => {
  const server = startMcpHttpServer({
    executor: createFakeExecutor(),
    logger: createCapturingLogger().logger,
    hostname: "127.0.0.1",
    port: 0,
  });
  afterAll(() => server.stop());
  const base = server.url.replace(/\/mcp$/, "");

  test("the real SDK client lists and calls tools, with a platform-supplied Mcp-Session-Id", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: {
        headers: {
          "Mcp-Session-Id": "platform-0f1e2d3c-4b5a-6978-8796",
          "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": "s".repeat(40),
        },
      },
    });
    const client = new Client({ name: "test", version: "1" });
    await client.connect(transport);
    await exerciseTools(client);
    await client.close();
  });

  test("a request without initialize works (stateless), and bare probes are not rejected", async () => {
    const list = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "mcp-session-id": "anything-the-platform-sends" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(2);

    const init = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "Mcp-Session-Id": "probe", "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 0,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "probe", version: "0" },
        },
      }),
    });
    expect(init.status).toBe(200);
    expect(await init.json()).toMatchObject({ result: { serverInfo: { name: "ops-agent" } } });

    const empty = await fetch(server.url, { method: "POST" });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ status: "Healthy" });

    const ping = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
    });
    expect(await ping.json()).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
  });

  test("GET /mcp is 405, /ping answers, unknown paths are 404, bad JSON-RPC is a JSON error", async () => {
    const get = await fetch(server.url);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toHaveProperty("error");
    const ping = await fetch(`${base}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ status: "Healthy" });
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    const huge = await fetch(server.url, { method: "POST", body: `{"x":"${"a".repeat(5 * 1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 } });
    const bad = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
  });
});
