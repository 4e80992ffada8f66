// Issue 17, "no single request exhausts the agent or the accounts' quotas". Each test failed on the
// old main: 60,000 invented regions ran 60,000 units; a client that went away (HTTP /mcp,
// /invocations, stdio) left its fan-out running to the end; a non-JSON stdio line got no answer.
import { afterEach, describe, expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { defaultSettings } from "../../src/config/schema.ts";
import { silentLogger } from "../../src/log.ts";
import { createPlannerAgent } from "../../src/planner/agent.ts";
import { startHttpServer } from "../../src/server/http.ts";
import { startMcpHttpServer } from "../../src/server/mcp-http.ts";
import { serveMcpStdio } from "../../src/server/mcp-stdio.ts";
import { startWiredSandbox, type WiredSandbox } from "../helpers/sandbox-wire.ts";

const SIGNED = "sandbox mcp: signed call";
const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A sandbox whose every AWS call takes 300 ms, fanned out one unit at a time. */
async function slowSandbox(): Promise<WiredSandbox> {
  const box = await startWiredSandbox(
    (s) => {
      s.executor.concurrency = 1;
      s.executor.cache_ttl_seconds = 0;
    },
    { latencyMs: 300 },
  );
  stops.push(() => box.close());
  return box;
}

async function until(check: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error("condition not reached");
    await Bun.sleep(10);
  }
}

/** After the client left: whatever was in flight may finish, nothing new starts. */
/** Posts, goes away once the first upstream request is signed, and checks no new unit starts. */
async function postAndLeave(
  box: WiredSandbox,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<void> {
  const gone = new AbortController();
  const pending = fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: gone.signal,
  }).catch(() => undefined);
  await until(() => box.count(SIGNED) >= 1);
  gone.abort();
  await pending;
  await expectNoNewUnits(box, box.count(SIGNED));
}

async function expectNoNewUnits(box: WiredSandbox, atAbort: number) {
  await Bun.sleep(1500); // five more units would have started by now
  expect(box.count(SIGNED)).toBeLessThanOrEqual(atAbort + 1);
}

const CALL = (id: number, regions: unknown = ["us-east-1", "us-west-2", "eu-west-1"]) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name: "ec2_describe_vpcs", arguments: { accounts: "all", regions } },
});
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

function inventedRegions(n: number): string[] {
  const out: string[] = [];
  const a = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; out.length < n; i++)
    out.push(`${a[i % 26]}${a[Math.floor(i / 26) % 26]}-zone-${Math.floor(i / 676) % 100}`);
  return out;
}

describe("bounded fan-out", () => {
  test("one MCP request with 60,000 invented regions is refused at once, before any request", async () => {
    const box = await startWiredSandbox();
    stops.push(() => box.close());
    const server = startMcpHttpServer({
      executor: box.executor,
      logger: silentLogger,
      hostname: "127.0.0.1",
      port: 0,
    });
    stops.push(() => server.stop());
    const started = performance.now();
    const res = await fetch(server.url, {
      method: "POST",
      headers: MCP_HEADERS,
      body: JSON.stringify(CALL(1, inventedRegions(60_000))),
    });
    const body = (await res.json()) as {
      result: { isError: boolean; structuredContent: { error: { code: string } } };
    };
    console.log(`60,000 regions refused in ${Math.round(performance.now() - started)} ms`);
    expect(body.result.isError).toBe(true);
    expect(body.result.structuredContent.error.code).toBe("E_VALIDATION");
    expect(box.count(SIGNED)).toBe(0);
    expect(box.count("sandbox sts: assume role")).toBe(0);
  });
});

test("more account×region units than executor.max_units is E_VALIDATION before any request", async () => {
  const box = await startWiredSandbox((s) => {
    s.executor.max_units = 3;
  });
  stops.push(() => box.close());
  const call = box.executor.invoke("ec2_describe_vpcs", {
    accounts: "all",
    regions: ["us-east-1", "us-west-2"],
  });
  await expect(call).rejects.toMatchObject({
    code: "E_VALIDATION",
    message: expect.stringContaining("executor.max_units (3)"),
  });
  expect(box.count(SIGNED)).toBe(0);
  expect(box.count("sandbox sts: assume role")).toBe(0);
});

describe("a client that goes away cancels its fan-out", () => {
  test("HTTP /mcp", async () => {
    const box = await slowSandbox();
    const server = startMcpHttpServer({
      executor: box.executor,
      logger: silentLogger,
      hostname: "127.0.0.1",
      port: 0,
    });
    stops.push(() => server.stop());
    await postAndLeave(box, server.url, MCP_HEADERS, CALL(1));
  });

  test("POST /invocations", async () => {
    const box = await slowSandbox();
    const agent = createPlannerAgent(box.executor);
    const server = startHttpServer({
      settings: defaultSettings.server,
      agent: async () => agent,
      logger: silentLogger,
      hostname: "127.0.0.1",
      port: 0,
    });
    stops.push(() => server.stop(0));
    await postAndLeave(
      box,
      `${server.url}/invocations`,
      { "content-type": "application/json" },
      {
        prompt: "list the vpcs in all accounts in us-east-1, us-west-2 and eu-west-1",
      },
    );
  });

  test("stdio: closing the input", async () => {
    const box = await slowSandbox();
    const input = new PassThrough();
    const output = new PassThrough();
    const served = serveMcpStdio({
      executor: box.executor,
      logger: silentLogger,
      version: "test",
      input,
      output,
    });
    const init = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
    };
    input.write(
      `${JSON.stringify(init)}\n${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`,
    );
    input.write(`${JSON.stringify(CALL(1))}\n`);
    await until(() => box.count(SIGNED) >= 1);
    input.end();
    await served;
    await expectNoNewUnits(box, box.count(SIGNED));
  });
});

test("stdio: a line that is not JSON gets a JSON-RPC -32700 answer, and the server goes on", async () => {
  const box = await startWiredSandbox();
  stops.push(() => box.close());
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (c: Buffer) => {
    text += c.toString();
  });
  const served = serveMcpStdio({
    executor: box.executor,
    logger: silentLogger,
    version: "test",
    input,
    output,
  });
  input.write("this is not json\n");
  input.write("[1,2]\n");
  input.write(`${JSON.stringify({ jsonrpc: "2.0", id: 7, method: "ping" })}\n`);
  await until(() => text.split("\n").filter(Boolean).length >= 3);
  const answers = text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(answers[0]).toEqual({
    jsonrpc: "2.0",
    id: null,
    error: { code: -32700, message: expect.any(String) },
  });
  expect(answers[1].error.code).toBe(-32600);
  expect(answers[2]).toEqual({ jsonrpc: "2.0", id: 7, result: {} });
  input.end();
  await served;
});
