// Issue 17, "only the operator drives the agent": each test here failed on the old main (0.0.0.0 by
// default, no token, text/plain and foreign Origins accepted, no Host check, sessions shared by id,
// slow bodies holding slots) and passes now.
import { afterEach, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { defaultSettings } from "../../src/config/schema.ts";
import type { ServerSettings } from "../../src/config/types.ts";
import { assertBindAllowed, matchToken } from "../../src/server/access.ts";
import { type HttpServer, startHttpServer } from "../../src/server/http.ts";
import { type McpHttpServer, startMcpHttpServer } from "../../src/server/mcp-http.ts";
import { runSource } from "../helpers/cli.ts";
import { runFixtureReport } from "../helpers/fixture-report.ts";
import {
  createCapturingLogger,
  createFakeExecutor,
  createGatedAgent,
  createInstantAgent,
} from "../helpers/serve-fakes.ts";
import { thrown } from "../helpers/thrown.ts";

const TOKEN = "t0ken-0123456789abcdef";
const OTHER = "other-0123456789abcdef";
let servers: Array<HttpServer | McpHttpServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => ("ping" in s ? s.stop(0) : s.stop())));
  servers = [];
});

function startHttp(options: { tokens?: string[]; settings?: Partial<ServerSettings> } = {}) {
  const agent = createInstantAgent();
  const server = startHttpServer({
    settings: { ...defaultSettings.server, ...options.settings },
    agent: async () => agent,
    logger: createCapturingLogger().logger,
    hostname: "127.0.0.1",
    port: 0,
    tokens: options.tokens,
  });
  servers.push(server);
  return { server, agent };
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", headers, body });
const JSON_TYPE = { "content-type": "application/json" };

describe("binding", () => {
  test("serve binds loopback by default", () => {
    expect(defaultSettings.server.host).toBe("127.0.0.1");
  });

  test("a non-loopback bind without token or trust refuses to start, saying why and what to set", () => {
    const error = thrown(() => assertBindAllowed("0.0.0.0", [], "none"));
    expect(error).toMatchObject({ code: "E_CONFIG" });
    expect(error.message).toContain("without authentication");
    expect(error.hint).toContain("OPS_AGENT_AUTH_TOKEN");
    expect(error.hint).toContain("server.trust: agentcore");
    expect(() => assertBindAllowed("0.0.0.0", [TOKEN], "none")).not.toThrow();
    expect(() => assertBindAllowed("0.0.0.0", [], "agentcore")).not.toThrow();
    expect(() => assertBindAllowed("127.0.0.1", [], "none")).not.toThrow();
    expect(() => assertBindAllowed("::1", [], "none")).not.toThrow();
  });

  test("ops-agent serve --host 0.0.0.0 exits 2 before listening", () => {
    const r = runSource(["serve", "--sandbox", "--host", "0.0.0.0", "--port", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("E_CONFIG");
    expect(r.stderr).toContain("OPS_AGENT_AUTH_TOKEN");
    // The hint survives the CLI's redaction: it says how callers send the token.
    expect(r.stderr).toContain("as a Bearer token in the Authorization header");
    expect(r.stderr).not.toContain("[redacted]");
  });

  test("a short token is refused at start", () => {
    const r = runSource(["serve", "--sandbox", "--host", "0.0.0.0", "--port", "0"], {
      env: { OPS_AGENT_AUTH_TOKEN: "short" },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("at least 16 characters");
  });
});

describe("POST /invocations", () => {
  test("a cross-site text/plain post is refused with 415 and never reaches the agent", async () => {
    const { server, agent } = startHttp();
    const res = await post(`${server.url}/invocations`, '{"prompt":"list every bucket"}', {
      "content-type": "text/plain",
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("E_UNSUPPORTED_MEDIA_TYPE");
    const none = await post(`${server.url}/invocations`, '{"prompt":"x"}', {});
    expect(none.status).toBe(415);
    expect(agent.requests).toHaveLength(0);
    const ok = await post(`${server.url}/invocations`, '{"prompt":"x"}', {
      "content-type": "application/json; charset=utf-8",
    });
    expect(ok.status).toBe(200);
  });

  test("an Origin not in server.allowed_origins gets 403; a listed one passes", async () => {
    const { server, agent } = startHttp({ settings: { allowed_origins: ["https://ops.example.com"] } });
    const evil = await post(`${server.url}/invocations`, '{"prompt":"x"}', {
      ...JSON_TYPE,
      origin: "https://evil.example",
    });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe("E_FORBIDDEN");
    expect(agent.requests).toHaveLength(0);
    const good = await post(`${server.url}/invocations`, '{"prompt":"x"}', {
      ...JSON_TYPE,
      origin: "https://ops.example.com",
    });
    expect(good.status).toBe(200);
  });

  test("with a token: 401 without or with a wrong one, /ping stays open", async () => {
    const { server, agent } = startHttp({ tokens: [TOKEN] });
    const url = `${server.url}/invocations`;
    const missing = await post(url, '{"prompt":"x"}', JSON_TYPE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toStartWith("Bearer");
    const wrong = await post(url, '{"prompt":"x"}', { ...JSON_TYPE, authorization: `Bearer ${OTHER}` });
    expect(wrong.status).toBe(401);
    const basic = await post(url, '{"prompt":"x"}', { ...JSON_TYPE, authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
    expect(agent.requests).toHaveLength(0);
    const right = await post(url, '{"prompt":"x"}', { ...JSON_TYPE, authorization: `Bearer ${TOKEN}` });
    expect(right.status).toBe(200);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    expect((await fetch(`${server.url}/nothing`)).status).toBe(401);
  });

  test("the token comparison finds the right token among several", () => {
    expect(matchToken(TOKEN, [OTHER, TOKEN])).toBe(1);
    expect(matchToken(`${TOKEN}x`, [OTHER, TOKEN])).toBe(-1);
    expect(matchToken("", [TOKEN])).toBe(-1);
  });

  test("a session belongs to the token that created it", async () => {
    const { server, agent } = startHttp({ tokens: [TOKEN, OTHER] });
    const ask = (token: string) =>
      post(`${server.url}/invocations`, '{"prompt":"x","session_id":"shared-session"}', {
        ...JSON_TYPE,
        authorization: `Bearer ${token}`,
      });
    const a = (await (await ask(TOKEN)).json()) as { session_id: string };
    const b = (await (await ask(OTHER)).json()) as { session_id: string };
    // Callers see their own id; the agent keeps two separate conversations.
    expect(a.session_id).toBe("shared-session");
    expect(b.session_id).toBe("shared-session");
    const [seenA, seenB] = agent.requests.map((r) => r.sessionId);
    expect(seenA).toEndWith(":shared-session");
    expect(seenB).toEndWith(":shared-session");
    expect(seenA).not.toBe(seenB);
    expect(seenA).not.toContain(TOKEN);
  });

  test("bodies trickling in do not hold the invocation slots", async () => {
    const gated = createGatedAgent();
    const server = startHttpServer({
      settings: { ...defaultSettings.server, max_concurrent: 2, body_timeout_ms: 1500 },
      agent: async () => gated.agent,
      logger: createCapturingLogger().logger,
      hostname: "127.0.0.1",
      port: 0,
    });
    servers.push(server);
    const { port } = new URL(server.url);
    // Five clients announce a body and send one byte of it.
    const sockets = Array.from({ length: 5 }, () => {
      const socket = connect(Number(port), "127.0.0.1");
      socket.on("error", () => undefined);
      socket.write(
        `POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      );
      return socket;
    });
    await Bun.sleep(200);
    const pending = post(`${server.url}/invocations`, '{"prompt":"x"}', JSON_TYPE);
    await gated.started;
    gated.release();
    expect((await pending).status).toBe(200);
    for (const s of sockets) s.destroy();
  });

  // In a child process (peak RSS is process-wide; see test/fixtures/serve/big-body.ts).
  test("a 100 MB body is refused at max_body_bytes while read; peak RSS stays within 64 MiB of the start", async () => {
    const report = await runFixtureReport<{ status: number; sent: number; grown: number; requests: number }>(
      "serve/big-body.ts",
    );
    console.log(
      `100 MB body: refused after ${report.sent} MiB sent; peak RSS grew ${(report.grown / 1048576).toFixed(1)} MiB`,
    );
    expect(report.status).toBe(413);
    expect(report.grown).toBeLessThan(64 * 1024 * 1024);
    expect(report.requests).toBe(0);
  });

  test("a body slower than server.body_timeout_ms gets 408", async () => {
    const { server } = startHttp({ settings: { body_timeout_ms: 300 } });
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      socket.on("data", (d) => {
        text += d.toString();
      });
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
      socket.write(
        "POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{",
      );
    });
    expect(answer).toStartWith("HTTP/1.1 408");
    expect(answer).toContain("E_BODY_TIMEOUT");
  });
});

describe("/mcp", () => {
  function startMcp(options: { tokens?: string[]; settings?: Partial<ServerSettings> } = {}) {
    const server = startMcpHttpServer({
      executor: createFakeExecutor(),
      logger: createCapturingLogger().logger,
      settings: { ...defaultSettings.server, ...options.settings },
      tokens: options.tokens,
      hostname: "127.0.0.1",
      port: 0,
    });
    servers.push(server);
    return server;
  }
  const LIST = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}';
  const MCP_HEADERS = { ...JSON_TYPE, accept: "application/json, text/event-stream" };

  test("accepts only application/json (415) and answers the empty health probe", async () => {
    const server = startMcp();
    expect((await post(server.url, LIST, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(server.url, "", {})).status).toBe(200);
    expect((await post(server.url, LIST, MCP_HEADERS)).status).toBe(200);
  });

  test("Host must name this server (DNS rebinding); a foreign Origin gets 403", async () => {
    const server = startMcp();
    const { port } = new URL(server.url);
    const rebound = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      socket.on("data", (d) => {
        text += d.toString();
      });
      socket.on("close", () => resolve(text));
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: attacker.example:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${LIST.length}\r\nConnection: close\r\n\r\n${LIST}`,
      );
    });
    expect(rebound).toStartWith("HTTP/1.1 403");
    const foreign = await post(server.url, LIST, { ...MCP_HEADERS, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const local = await post(server.url.replace("127.0.0.1", "localhost"), LIST, MCP_HEADERS);
    expect(local.status).toBe(200);
  });

  test("an explicitly allowed host name passes", async () => {
    const server = startMcp({ settings: { allowed_hosts: ["ops.internal"] } });
    const { port } = new URL(server.url);
    const status = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      socket.on("data", (d) => {
        text += d.toString();
      });
      socket.on("close", () => resolve(text.slice(0, 12)));
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: ops.internal:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${LIST.length}\r\nConnection: close\r\n\r\n${LIST}`,
      );
    });
    expect(status).toBe("HTTP/1.1 200");
  });

  test("with a token: 401 without it", async () => {
    const server = startMcp({ tokens: [TOKEN] });
    expect((await post(server.url, LIST, MCP_HEADERS)).status).toBe(401);
    const ok = await post(server.url, LIST, { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
  });
});
