import { afterEach, describe, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import type { Agent } from "../../src/agent/types.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import type { ServerSettings } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { type HttpServer, startHttpServer } from "../../src/server/http.ts";
import { createCapturingLogger, createGatedAgent, createInstantAgent } from "../helpers/serve-fakes.ts";
import { until } from "../helpers/until.ts";

const SESSION = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-abc"; // 40 chars, inside AgentCore's 33–256
let servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop(0)));
  servers = [];
});

function start(agent: Agent, options: { settings?: Partial<ServerSettings>; now?: () => number } = {}) {
  const log = createCapturingLogger();
  const server = startHttpServer({
    settings: { ...defaultSettings.server, ...options.settings },
    agent: async () => agent,
    logger: log.logger,
    now: options.now,
    hostname: "127.0.0.1",
    port: 0,
  });
  servers.push(server);
  return { server, log };
}

const invoke = (server: HttpServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
const ping = async (server: HttpServer) =>
  (await fetch(`${server.url}/ping`)).json() as Promise<Record<string, unknown>>;

/** Splits an SSE body into its JSON payloads, checking the exact `data: <json>\n\n` framing. */
function sseEvents(text: string): Record<string, unknown>[] {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((chunk) => {
      expect(chunk).toMatch(/^data: (.+)$/);
      return JSON.parse(chunk.slice(6));
    });
}

describe("GET /ping", () => {
  test("answers the exact contract shape", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { server } = start(createInstantAgent());
    const res = await fetch(`${server.url}/ping`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    const text = await res.text();
    expect(text).toMatch(/^\{"status":"Healthy","time_of_last_update":\d+\}$/);
    const body = JSON.parse(text);
    expect(Number.isInteger(body.time_of_last_update)).toBe(true);
    expect(body.time_of_last_update).toBeGreaterThanOrEqual(before - 5);
    expect(body.time_of_last_update).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const head = await fetch(`${server.url}/ping`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  test("never re-stamps while idle; HealthyBusy during an invocation; a newer stamp after", async () => {
    let ms = 1_800_000_000_000;
    const gated = createGatedAgent();
    const { server } = start(gated.agent, { now: () => ms });
    const idle = await ping(server);
    ms += 3_000;
    expect(await ping(server)).toEqual(idle);
    expect(idle).toEqual({ status: "Healthy", time_of_last_update: 1_800_000_000 });

    ms += 10_000;
    const pending = invoke(server, { prompt: "hi" });
    await gated.started;
    const busy = await ping(server);
    expect(busy).toEqual({ status: "HealthyBusy", time_of_last_update: 1_800_000_013 });
    expect(server.busy()).toBe(true);
    ms += 4_000;
    expect(await ping(server)).toEqual(busy);

    ms += 1_000;
    gated.release();
    expect((await pending).status).toBe(200);
    expect(await ping(server)).toEqual({ status: "Healthy", time_of_last_update: 1_800_000_018 });
    expect(server.busy()).toBe(false);
  });

  test("background work registered through ping.begin() keeps the session busy (§9.9 stamps)", async () => {
    let ms = 1_800_000_000_000;
    const { server } = start(createInstantAgent(), { now: () => ms });
    ms += 7_000;
    const end = server.ping.begin();
    const busy = await ping(server);
    expect(busy).toEqual({ status: "HealthyBusy", time_of_last_update: 1_800_000_007 });
    ms += 2_000;
    expect(await ping(server)).toEqual(busy); // unchanged across repeated pings
    // An invocation that starts and ends while background work runs changes nothing.
    expect((await invoke(server, { prompt: "hi" })).status).toBe(200);
    expect(await ping(server)).toEqual(busy);
    ms += 3_000;
    end();
    end(); // idempotent: a second call must not count another unit down
    expect(await ping(server)).toEqual({ status: "Healthy", time_of_last_update: 1_800_000_012 });
    expect(server.busy()).toBe(false);
  });

  test("answers while an invocation is running (never waits behind work)", async () => {
    const gated = createGatedAgent();
    const { server } = start(gated.agent);
    const pending = invoke(server, { prompt: "slow" });
    await gated.started;
    for (let i = 0; i < 20; i++) expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    expect(gated.requests).toHaveLength(1); // still the one, still unanswered
    gated.release();
    await pending;
  });

  test("binds server.host (0.0.0.0 in the image): reachable beyond loopback (§9.2)", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4" && !i.internal)?.address;
    if (!external) {
      console.warn(
        "no non-loopback IPv4 interface on this machine: the 0.0.0.0 bind is checked on loopback only",
      );
    }
    const server = startHttpServer({
      settings: { ...defaultSettings.server, host: "0.0.0.0", trust: "agentcore" },
      agent: async () => createInstantAgent(),
      logger: createCapturingLogger().logger,
      port: 0,
    });
    servers.push(server);
    for (const host of ["127.0.0.1", ...(external ? [external] : [])]) {
      expect((await fetch(`http://${host}:${server.port}/ping`)).status).toBe(200);
    }
  });

  test("does not wait for the agent to be built", async () => {
    let build!: (agent: Agent) => void;
    const agentPromise = new Promise<Agent>((resolve) => {
      build = resolve;
    });
    const server = startHttpServer({
      settings: defaultSettings.server,
      agent: () => agentPromise,
      logger: createCapturingLogger().logger,
      hostname: "127.0.0.1",
      port: 0,
    });
    servers.push(server);
    const pending = invoke(server, { prompt: "hi" });
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    build(createInstantAgent());
    expect((await pending).status).toBe(200);
  });
});

describe("POST /invocations", () => {
  test("JSON answer for both payload shapes, session from the header", async () => {
    const agent = createInstantAgent();
    const { server } = start(agent);
    const res = await invoke(
      server,
      { prompt: "hi" },
      { "x-amzn-bedrock-agentcore-runtime-session-id": SESSION },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect(await res.json()).toEqual({
      response: "echo: 2",
      status: "ok",
      session_id: SESSION,
      tool_calls: [],
      usage: { input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_write_tokens: 0 },
    });
    const nested = await invoke(server, { input: { prompt: "hello" } });
    expect(await nested.json()).toMatchObject({ response: "echo: 5", session_id: null });
    expect(agent.requests.map((r) => r.sessionId)).toEqual([SESSION, undefined]);
  });

  test("SSE: events are flushed as they happen, then a done event", async () => {
    const gated = createGatedAgent();
    const { server } = start(gated.agent);
    const res = await invoke(
      server,
      { prompt: "hi" },
      { Accept: "text/event-stream", "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": SESSION },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const reader = res.body!.getReader();
    const first = await reader.read(); // the agent is still blocked on its gate
    expect(new TextDecoder().decode(first.value)).toBe('data: {"type":"text","delta":"Looking"}\n\n');
    expect(gated.requests).toHaveLength(1);
    gated.release();
    let text = new TextDecoder().decode(first.value);
    for (let r = await reader.read(); !r.done; r = await reader.read())
      text += new TextDecoder().decode(r.value);
    const events = sseEvents(text);
    expect(events.map((e) => e.type)).toEqual([
      "text",
      "tool_start",
      "account_error",
      "tool_end",
      "text",
      "done",
    ]);
    expect(events[3]).toMatchObject({
      tool: "describe_things",
      accounts: ["111111111111", "222222222222"],
      ok: true,
      failed: 1,
      duration_ms: 3,
    });
    expect(events.at(-1)).toMatchObject({
      type: "done",
      status: "partial",
      session_id: SESSION,
      tool_calls: [{ tool: "describe_things" }],
      usage: { input_tokens: 10 },
    });
  });

  test("accepts every runtime header, in mixed and lower case", async () => {
    const agent = createInstantAgent();
    const { server } = start(agent);
    const runtimeHeaders = {
      "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": SESSION,
      "X-Amzn-Bedrock-AgentCore-Runtime-Request-Id": "req-123",
      WorkloadAccessToken: "wat-secret-value",
      "X-Amz-Bedrock-AgentCore-Identity-WAT": "wat-2-secret",
      "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Foo": "bar",
      OAuth2CallbackUrl: "http://localhost:9/cb",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      tracestate: "k=v",
      baggage: "userId=alice",
      "X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793",
      "Mcp-Session-Id": "whatever",
    };
    for (const casing of [(k: string) => k, (k: string) => k.toLowerCase(), (k: string) => k.toUpperCase()]) {
      const headers = Object.fromEntries(Object.entries(runtimeHeaders).map(([k, v]) => [casing(k), v]));
      const res = await invoke(server, { prompt: "hi" }, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-amzn-bedrock-agentcore-runtime-request-id")).toBe("req-123");
    }
    expect(agent.requests.map((r) => r.sessionId)).toEqual([SESSION, SESSION, SESSION]);
  });
});

describe("errors are JSON and never take the server down", () => {
  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    const body = (await res.json()) as { error: { code: string; message: string; retryable?: boolean } };
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe("string");
    return body;
  };

  test("400, 413, 405, 404", async () => {
    const { server } = start(createInstantAgent(), { settings: { max_body_bytes: 2048 } });
    await expectError(await invoke(server, "{not json"), 400, "E_INVALID_JSON");
    await expectError(await invoke(server, ""), 400, "E_INVALID_JSON");
    await expectError(
      await invoke(server, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      400,
      "E_INVALID_ENCODING",
    );
    await expectError(await invoke(server, { prompt: 1 }), 400, "E_BAD_REQUEST");
    await expectError(await invoke(server, '"hi"'), 400, "E_BAD_REQUEST");
    await expectError(await invoke(server, { prompt: "x".repeat(4096) }), 413, "E_BODY_TOO_LARGE");
    // No Content-Length: a chunked body is counted while it streams.
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode("x".repeat(1000)));
        c.close();
      },
    });
    const res = await fetch(`${server.url}/invocations`, {
      method: "POST",
      body: chunked,
      headers: { "content-type": "application/json" },
    });
    await expectError(res, 413, "E_BODY_TOO_LARGE");
    const get = await fetch(`${server.url}/invocations`);
    await expectError(get, 405, "E_METHOD_NOT_ALLOWED");
    expect(get.headers.get("allow")).toBe("POST");
    const postPing = await fetch(`${server.url}/ping`, { method: "POST" });
    await expectError(postPing, 405, "E_METHOD_NOT_ALLOWED");
    expect(postPing.headers.get("allow")).toBe("GET, HEAD");
    await expectError(await fetch(`${server.url}/nope`), 404, "E_NOT_FOUND");
    await expectError(await fetch(`${server.url}/ws`), 404, "E_NOT_FOUND");
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  });

  test("an agent failure: 503 when retryable, 500 when ours, the code and a redacted message; no stack, no secrets", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const agent = createInstantAgent((request) =>
      request.prompt === "ops"
        ? new OpsError(
            "E_MODEL_THROTTLED",
            `throttled using AKIAIOSFODNN7EXAMPLE secretAccessKey=${secret}`,
            { retryable: true },
          )
        : new TypeError(`boom at /src/secret.ts with ${secret}`),
    );
    const { server, log } = start(agent);
    const ops = await expectError(await invoke(server, { prompt: "ops" }), 503, "E_MODEL_THROTTLED");
    expect(ops.error.message).toContain("****MPLE");
    expect(ops.error.retryable).toBe(true);
    const internal = await expectError(await invoke(server, { prompt: "other" }), 500, "E_INTERNAL");
    expect(JSON.stringify(internal)).not.toContain("boom");
    for (const body of [ops, internal]) {
      expect(JSON.stringify(body)).not.toContain(secret);
      expect(JSON.stringify(body)).not.toContain("AKIAIOSFODNN7EXAMPLE");
      expect(JSON.stringify(body)).not.toMatch(/\bat .*:\d+/);
    }
    expect(log.raw()).not.toContain(secret);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  });

  test("the caller's own mistake thrown by the agent is a 400, never a 500", async () => {
    const agent = createInstantAgent(() => new OpsError("E_VALIDATION", "accounts: not an array"));
    const { server } = start(agent);
    const body = await expectError(await invoke(server, { prompt: "x" }), 400, "E_VALIDATION");
    expect(body.error.message).toBe("accounts: not an array");
  });

  test("a failure mid-stream ends with an error event and a clean close", async () => {
    const agent: Agent = {
      async answer(request) {
        request.onEvent?.({ type: "text", delta: "partial" });
        throw new OpsError("E_MODEL_STREAM", "the model stream broke");
      },
    };
    const { server } = start(agent);
    const res = await invoke(server, { prompt: "hi" }, { accept: "text/event-stream" });
    expect(res.status).toBe(200);
    const events = sseEvents(await res.text());
    expect(events).toEqual([
      { type: "text", delta: "partial" },
      {
        type: "error",
        error: { code: "E_MODEL_STREAM", message: "the model stream broke", retryable: false },
      },
    ]);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  });

  test("beyond max_concurrent: 503 with Retry-After, not a queue", async () => {
    const gated = createGatedAgent();
    const { server } = start(gated.agent, { settings: { max_concurrent: 2 } });
    const running = [invoke(server, { prompt: "a" }), invoke(server, { prompt: "b" })];
    while (gated.requests.length < 2) await Bun.sleep(1);
    const refused = await invoke(server, { prompt: "c" });
    await expectError(refused, 503, "E_BUSY");
    expect(refused.headers.get("retry-after")).toBe("1");
    gated.release();
    for (const r of await Promise.all(running)) expect(r.status).toBe(200);
    expect((await invoke(server, { prompt: "d" })).status).toBe(200);
  });
  test("a client that hangs up mid-stream cancels the agent and frees its slot", async () => {
    const gated = createGatedAgent(); // never released: only the disconnect can end it
    const { server } = start(gated.agent);
    const hangUp = new AbortController();
    const res = await fetch(`${server.url}/invocations`, {
      method: "POST",
      headers: { accept: "text/event-stream", "content-type": "application/json" },
      body: '{"prompt":"hi"}',
      signal: hangUp.signal,
    });
    await res.body!.getReader().read();
    expect(server.busy()).toBe(true);
    hangUp.abort();
    await until(() => !server.busy());
    expect(gated.requests[0]!.signal?.aborted).toBe(true);
    expect(server.busy()).toBe(false);
  });
});

describe("logs and shutdown", () => {
  test("one JSON log line per invocation, without the prompt or tokens", async () => {
    const gated = createGatedAgent();
    const s2 = start(gated.agent);
    gated.release();
    const prompt = "which RDS instances hold the password hunter2?";
    const res = await invoke(
      s2.server,
      { prompt },
      {
        "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": SESSION,
        "X-Amzn-Bedrock-AgentCore-Runtime-Request-Id": "req-9",
        WorkloadAccessToken: "tok-secret",
      },
    );
    expect(res.status).toBe(200);
    await until(() => s2.log.lines().some((l) => l.msg === "invocation"));
    const lines = s2.log.lines().filter((l) => l.msg === "invocation");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      request_id: "req-9",
      session_id: SESSION,
      status: 200,
      tool_calls: 1,
      stream: false,
    });
    expect(typeof lines[0]!.duration_ms).toBe("number");
    expect(s2.log.raw()).not.toContain("hunter2");
    expect(s2.log.raw()).not.toContain("tok-secret");
    expect(s2.server.busy()).toBe(false);
  });

  test("stop waits for in-flight streams, refuses new work, and aborts after the grace period", async () => {
    const gated = createGatedAgent();
    const { server } = start(gated.agent);
    const res = await invoke(server, { prompt: "hi" }, { accept: "text/event-stream" });
    const body = res.text();
    await gated.started;
    const stopping = server.stop(5_000);
    // No longer accepting connections (checked until it holds: the listener closes asynchronously).
    await until(() =>
      fetch(`${server.url}/ping`).then(
        () => false,
        () => true,
      ),
    );
    gated.release();
    const events = sseEvents(await body);
    expect(events.at(-1)?.type).toBe("done");
    await stopping;

    const stuck = createGatedAgent(); // never released: the grace period must end it
    const s2 = start(stuck.agent).server;
    const pending = invoke(s2, { prompt: "hi" }, { accept: "text/event-stream" }).then((r) => r.text());
    await stuck.started;
    await s2.stop(50);
    expect(stuck.requests[0]!.signal?.aborted).toBe(true);
    expect(sseEvents(await pending).at(-1)).toMatchObject({ type: "error", error: { code: "E_CANCELLED" } });
  });
});
