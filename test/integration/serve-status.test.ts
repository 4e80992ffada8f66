import { afterAll, beforeAll, expect, test } from "bun:test";
import { type LiveCli, startCli } from "../helpers/spawn-cli.ts";

/**
 * `serve --sandbox` without a model answers with the model-free planner. A refusal and a question it
 * cannot map are answers, not server faults: 200 with the text and the status, on the JSON and the
 * SSE path alike.
 */
let serve: LiveCli;
let url: string;

beforeAll(async () => {
  serve = startCli(["serve", "--sandbox", "--host", "127.0.0.1", "--port", "0", "--log-format", "json"]);
  await serve.waitFor("stderr", '"msg":"listening"');
  const line = serve.stderr.split("\n").find((l) => l.includes('"msg":"listening"'))!;
  url = JSON.parse(line).url;
});
afterAll(async () => {
  serve.proc.kill("SIGTERM");
  await serve.result;
});

const invoke = (prompt: string, stream: boolean) =>
  fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(stream ? { accept: "text/event-stream" } : {}) },
    body: JSON.stringify({ prompt }),
  });

const sseEvents = (text: string) =>
  text
    .trim()
    .split("\n\n")
    .map((e) => JSON.parse(e.replace(/^data: /, "")) as Record<string, unknown>);

test.each([
  ["terminate instance i-0a10c0ffee0000001", "refused", "ops-agent is read-only"],
  ["what is the meaning of life?", "declined", "could not map this question"],
])("%p: 200 %p on the JSON and the SSE path", async (prompt, status, text) => {
  const [plain, streamed] = await Promise.all([invoke(prompt, false), invoke(prompt, true)]);
  expect(plain.status).toBe(200);
  const body = (await plain.json()) as { response: string; status: string; tool_calls: unknown[] };
  expect(body.status).toBe(status);
  expect(body.response).toContain(text);
  expect(body.tool_calls).toEqual([]);
  expect(streamed.status).toBe(200);
  const events = sseEvents(await streamed.text());
  expect(events.map((e) => e.type)).toEqual(["text", "done"]);
  expect(events[0]!.delta).toBe(body.response);
  expect(events[1]).toMatchObject({ type: "done", status, tool_calls: [] });
});

test("an answer with a failed unit is 200 partial on both paths", async () => {
  // The sandbox's security account denies Lambda by SCP: one unit of the fan-out fails.
  const prompt = "list lambda functions";
  const [plain, streamed] = await Promise.all([invoke(prompt, false), invoke(prompt, true)]);
  expect(plain.status).toBe(200);
  expect(((await plain.json()) as { status: string }).status).toBe("partial");
  const events = sseEvents(await streamed.text());
  expect(events.at(-1)).toMatchObject({ type: "done", status: "partial" });
});

test("the planner follows up within an AgentCore session (the session header), not across sessions", async () => {
  const ask = (prompt: string, session: string) =>
    fetch(`${url}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-amzn-bedrock-agentcore-runtime-session-id": session },
      body: JSON.stringify({ prompt }),
    }).then((r) => r.json() as Promise<{ response: string; status: string }>);
  const session = "planner-session-0000000000000000000001";
  await ask("RDS instances without Multi-AZ in production", session);
  const next = await ask("and in staging?", session);
  expect(next.status).toBe("ok");
  expect(next.response).toContain(
    "accounts: staging; regions: each account's regions; filtered client-side: multi_az = false.",
  );
  const elsewhere = await ask("and in staging?", "planner-session-0000000000000000000002");
  expect(elsewhere.status).toBe("declined");
});
