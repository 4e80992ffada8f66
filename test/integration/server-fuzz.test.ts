import { afterAll, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import { startHttpServer } from "../../src/server/http.ts";
import { createCapturingLogger, createInstantAgent } from "../helpers/serve-fakes.ts";

// Hostile and malformed requests, generated from a fixed seed so a failure reproduces.
const MAX_BODY = 4096;
const server = startHttpServer({
  settings: { ...defaultSettings.server, max_body_bytes: MAX_BODY, max_concurrent: 64 },
  agent: async () => createInstantAgent(),
  logger: createCapturingLogger().logger,
  hostname: "127.0.0.1",
  port: 0,
});
afterAll(() => server.stop(0));

function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}
const random = prng(7);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

const VALID = JSON.stringify({ prompt: "hello", session_id: "fuzz-session" });
const bodies: Array<() => string | Uint8Array | ReadableStream<Uint8Array>> = [
  () => bytes(1 + Math.floor(random() * 200)),
  () => VALID.slice(0, Math.floor(random() * VALID.length)),
  () => VALID.replace(/[{}":,]/, () => pick(["[", "]", "'", "\\", "\u0000", ""])),
  () =>
    JSON.stringify(
      pick([
        null,
        true,
        0,
        -1.5e308,
        "prompt",
        [],
        [VALID],
        {},
        { prompt: null },
        { prompt: {} },
        { prompt: [1] },
      ]),
    ),
  () => JSON.stringify({ input: pick(["x", 1, null, [], { prompt: 5 }, { prompt: "" }]) }),
  () => JSON.stringify({ prompt: "ok", session_id: pick([1, {}, [], "x".repeat(300), "tab\there", null]) }),
  () =>
    JSON.stringify({ prompt: "\ud800\udfff\u0000 \u202e ünïcödé 🚀".repeat(1 + Math.floor(random() * 20)) }),
  () => "[".repeat(5000) + "]".repeat(5000),
  () => `{"prompt":"${"a".repeat(MAX_BODY)}"}`,
  () => new Uint8Array([0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  () => slowBody(pick([VALID, "{oops", `{"prompt":"${"b".repeat(MAX_BODY)}"}`])),
  () => VALID,
];

function slowBody(text: string): ReadableStream<Uint8Array> {
  const data = new TextEncoder().encode(text);
  const step = Math.max(1, Math.ceil(data.length / 4));
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      await Bun.sleep(5);
      if (offset >= data.length) return controller.close();
      controller.enqueue(data.slice(offset, offset + step));
      offset += step;
    },
  });
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"];
const PATHS = [
  "/invocations",
  "/invocations/",
  "/ping",
  "/ping/",
  "//ping",
  "/",
  "/ws",
  "/%ff%fe",
  "/..%2f..%2fetc/passwd",
  "/invocations?x=1",
  "/mcp",
  `/${"z".repeat(2000)}`,
];

async function hostileRequest(): Promise<{ status: number; json: unknown; method: string }> {
  const method = random() < 0.7 ? "POST" : pick(METHODS);
  const path = random() < 0.7 ? "/invocations" : pick(PATHS);
  const headers: Record<string, string> = {
    "content-type": pick(["application/json", "text/plain", "application/octet-stream", ""]),
  };
  if (random() < 0.3) headers.accept = "text/event-stream";
  if (random() < 0.2)
    headers["X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"] = pick(["", "x".repeat(257), "ok-session", "ä"]);
  const hasBody = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"].includes(method);
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: hasBody ? pick(bodies)() : undefined,
  });
  const text = await res.text();
  if (method !== "HEAD")
    expect(res.headers.get("content-type") ?? "").toMatch(/^(application\/json|text\/event-stream)/);
  // Bun's fetch exposes no body for HEAD, nor for TRACE (the server sends one; see content-length).
  if (method === "HEAD" || method === "TRACE")
    return { status: res.status, json: { error: { code: "unread" } }, method };
  const json = res.headers.get("content-type")!.startsWith("text/event-stream")
    ? text
        .split("\n\n")
        .filter(Boolean)
        .map((e) => JSON.parse(e.replace(/^data: /, "")))
    : JSON.parse(text);
  return { status: res.status, json, method };
}

test("300 malformed or hostile requests: each gets a JSON answer and the server stays up", async () => {
  const statuses = new Map<number, number>();
  for (let batch = 0; batch < 15; batch++) {
    const results = await Promise.all(Array.from({ length: 20 }, hostileRequest));
    for (const r of results) {
      expect([200, 400, 404, 405, 413, 415, 503]).toContain(r.status);
      if (r.status !== 200 && r.method !== "HEAD") expect(r.json).toHaveProperty("error.code");
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    const ping = await fetch(`${server.url}/ping`);
    expect(ping.status).toBe(200);
  }
  // The generator must actually reach each class of failure, or the test proves little.
  for (const status of [200, 400, 404, 405, 413]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  expect(server.busy()).toBe(false);
});

test("raw garbage on the socket does not take the server down", async () => {
  const { port } = server;
  const payloads = [
    "GARBAGE\r\n\r\n",
    'POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"prompt"', // then hang up
    "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    "POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
    `GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: ${"h".repeat(100_000)}\r\n\r\n`,
    "\x00\x01\x02\xff".repeat(100),
  ];
  for (const payload of payloads) {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {}, error() {} } });
    socket.write(payload);
    await Bun.sleep(10);
    socket.end();
  }
  const ping = await fetch(`${server.url}/ping`);
  expect(ping.status).toBe(200);
  expect(await ping.json()).toHaveProperty("status");
});
