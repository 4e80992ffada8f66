import { expect, test } from "bun:test";
import type { Agent } from "../../src/agent/types.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import { startHttpServer } from "../../src/server/http.ts";
import { answerOf, createCapturingLogger } from "../helpers/serve-fakes.ts";

// Model and tool calls can be silent for longer than the connection idle timeout; an SSE answer must
// not be cut meanwhile (Bun closes idle sockets unless the request opts out).
test("an SSE answer survives a silence longer than the idle timeout", async () => {
  const agent: Agent = {
    async answer(request) {
      request.onEvent?.({ type: "text", delta: "thinking" });
      await Bun.sleep(10_500);
      request.onEvent?.({ type: "text", delta: " done" });
      return answerOf("thinking done");
    },
  };
  const server = startHttpServer({
    agent: async () => agent,
    logger: createCapturingLogger().logger,
    hostname: "127.0.0.1",
    port: 0,
    settings: { ...defaultSettings.server, idle_timeout_seconds: 8 }, // Bun's smallest
  });
  try {
    const res = await fetch(`${server.url}/invocations`, {
      method: "POST",
      headers: { accept: "text/event-stream", "content-type": "application/json" },
      body: '{"prompt":"slow tools"}',
    });
    const events = (await res.text()).trim().split("\n\n");
    expect(events.map((e) => JSON.parse(e.slice(6)).type)).toEqual(["text", "text", "done"]);
  } finally {
    await server.stop(0);
  }
}, 20_000);
