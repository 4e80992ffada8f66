import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { createAgent } from "../../src/agent/agent.ts";
import type { AgentEvent } from "../../src/agent/types.ts";
import { OpsError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import { type FakeStep, type FakeUsage, startFakeBedrock } from "../fakes/bedrock.ts";
import {
  accounts,
  createScriptedExecutor,
  defaultHandlerClient,
  type ScriptedExecutor,
  testCredentials,
  testEnv,
  testSettings,
  unit,
} from "../helpers/agent-executor.ts";

const fake = startFakeBedrock();
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  expect(fake.pending()).toBe(0);
});

const NOW = Date.parse("2026-03-04T10:00:00Z");
const fastRetry = { maxRetries: 3, baseDelayMs: 1 };

type Model = Parameters<typeof testSettings>[0];

function setup(model: Model = {}, executor: ScriptedExecutor = createScriptedExecutor()) {
  const events: AgentEvent[] = [];
  const agent = createAgent({
    settings: testSettings(model),
    env: testEnv(fake.url),
    executor,
    logger: silentLogger,
    now: () => NOW,
    credentials: testCredentials,
    retry: fastRetry,
  });
  const ask = (prompt: string, extra: { sessionId?: string; signal?: AbortSignal } = {}) =>
    agent.answer({ prompt, ...extra, onEvent: (e) => events.push(e) });
  return { agent, ask, events, executor };
}

const toolUse = (toolUseId: string, name: string, input: Record<string, unknown>): FakeStep => ({
  reply: { content: [{ toolUse: { toolUseId, name, input } }] },
});
const say = (text: string, usage: FakeUsage = { inputTokens: 100, outputTokens: 20 }): FakeStep => ({
  reply: { content: [{ text }], usage },
});

/** The wire JSON the fake recorded, navigated freely by the assertions (a wrong path fails the test). */
// biome-ignore lint/suspicious/noExplicitAny: arbitrary recorded request JSON
type Wire = any;
type Body = { messages: Array<{ role: string; content: Array<Record<string, Wire>> }>; [k: string]: Wire };
const body = (i: number) => fake.requests[i]!.body as Body;
const lastContent = (i: number) => body(i).messages.at(-1)!.content;

async function failure(promise: Promise<unknown>): Promise<OpsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpsError);
  return error as OpsError;
}

describe("agent tool loop against a Bedrock Runtime speaking the wire protocol", () => {
  test("single tool use: system prompt, compact tool specs, cache points, tool result fed back", async () => {
    const { ask, events, executor } = setup();
    fake.script(
      {
        reply: {
          content: [
            { text: "Checking production. " },
            {
              toolUse: {
                toolUseId: "tu-1",
                name: "list_ec2_instances",
                input: { state: "running", accounts: ["prod"] },
              },
            },
          ],
          usage: { inputTokens: 1000, outputTokens: 50, cacheWriteInputTokens: 900 },
        },
      },
      say("shop-prod (222222222222) has 2 instances.", {
        inputTokens: 1200,
        outputTokens: 30,
        cacheReadInputTokens: 900,
      }),
    );
    const answer = await ask("which instances run in production?");

    expect(answer.answer).toBe("shop-prod (222222222222) has 2 instances.");
    expect(answer.status).toBe("ok");
    expect(answer.iterations).toBe(2);
    expect(answer.usage).toEqual({
      input_tokens: 2200,
      output_tokens: 80,
      cache_read_tokens: 900,
      cache_write_tokens: 900,
    });
    expect(answer.tool_calls).toMatchObject([{ tool: "list_ec2_instances", ok: true, units: 2, failed: 0 }]);
    expect(executor.calls[0]).toMatchObject({
      tool: "list_ec2_instances",
      args: { state: "running" },
      accounts: ["prod"],
    });

    const first = fake.requests[0]!;
    expect(first).toMatchObject({
      stream: true,
      httpVersion: "1.1",
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
    expect(first.headers.authorization).toContain("Credential=AKIDTESTTESTTEST1234/20");
    const system = first.body.system as Array<Record<string, Wire>>;
    expect(system[1]).toEqual({ cachePoint: { type: "default" } });
    const prompt = system[0]!.text as string;
    expect(prompt).toContain("Today is 2026-03-04");
    expect(prompt).toContain("READ-ONLY");
    expect(prompt).toContain(
      "- 222222222222 shop-prod environment=production aliases=prod,shop regions=us-east-1,eu-west-1",
    );
    expect(prompt).toMatch(/111111111111 ops .*CENTRAL/);
    expect(prompt).toContain("Name the account (name and id) and the region of every resource");
    expect(prompt).toContain("say which accounts and regions failed and why");
    expect(prompt).toMatch(/call\s+`query_results` with one SQL SELECT instead of counting or guessing/);
    expect(prompt).toContain('a failed account is "unknown", never zero');
    expect(prompt).toContain("Prefer a plugin tool when one fits the question. Use `aws_read`");
    expect(prompt).toContain("Always pass `select` to `aws_read`");
    const tools = (first.body.toolConfig as { tools: Array<Record<string, Wire>> }).tools;
    expect(tools.map((t) => t.toolSpec?.name ?? "cachePoint")).toEqual([
      "list_ec2_instances",
      "list_accounts",
      "query_results",
      "cachePoint",
    ]);
    const schema = tools[0]!.toolSpec.inputSchema.json;
    expect(JSON.stringify(schema)).not.toMatch(/\$schema|"title"|examples/);
    expect(schema.properties.state).toEqual({ type: "string", enum: ["running", "stopped"] });
    expect(first.body.inferenceConfig).toEqual({ maxTokens: 4096, temperature: 0 });

    const second = body(1);
    expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(second.messages[1]!.content[1]).toEqual({
      toolUse: {
        toolUseId: "tu-1",
        name: "list_ec2_instances",
        input: { state: "running", accounts: ["prod"] },
      },
    });
    const result = lastContent(1)[0]!.toolResult;
    expect(result.toolUseId).toBe("tu-1");
    expect(result.status).toBe("success");
    expect(result.content[0].json.results.map((r: Wire) => `${r.account_name}/${r.region}`)).toEqual([
      "shop-prod/us-east-1",
      "shop-prod/eu-west-1",
    ]);

    const text = events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join("");
    expect(text).toBe(`Checking production. ${answer.answer}`);
    expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(3);
    expect(events.find((e) => e.type === "tool_start")).toMatchObject({
      id: "tu-1",
      accounts: ["prod"],
      regions: [],
    });
    expect(events.find((e) => e.type === "tool_end")).toMatchObject({
      tool: "list_ec2_instances",
      accounts: ["222222222222"],
      regions: ["us-east-1", "eu-west-1"],
      ok: true,
      units: 2,
      failed: 0,
    });
  });

  test("parallel tool uses in one turn run concurrently; results keep the order of the uses", async () => {
    const { ask, executor } = setup({}, createScriptedExecutor(60));
    fake.script(
      {
        reply: {
          content: [
            { toolUse: { toolUseId: "a", name: "list_ec2_instances", input: { accounts: ["shop-prod"] } } },
            {
              toolUse: {
                toolUseId: "b",
                name: "list_ec2_instances",
                input: { accounts: "shop-stg", regions: "us-east-1" },
              },
            },
            { toolUse: { toolUseId: "c", name: "list_accounts", input: {} } },
          ],
        },
      },
      say("done"),
    );
    const answer = await ask("compare prod and staging");
    expect(executor.maxInFlight).toBe(3);
    expect(executor.calls.map((c) => [c.accounts, c.regions])).toEqual([
      [["shop-prod"], undefined],
      [["shop-stg"], ["us-east-1"]],
      [undefined, undefined],
    ]);
    expect(lastContent(1).map((b) => b.toolResult.toolUseId)).toEqual(["a", "b", "c"]);
    expect(answer.tool_calls.map((c) => c.tool)).toEqual([
      "list_ec2_instances",
      "list_ec2_instances",
      "list_accounts",
    ]);
  });

  test("multi-step: each turn sees all earlier tool uses and results", async () => {
    const { ask } = setup();
    fake.script(
      toolUse("s1", "list_accounts", {}),
      toolUse("s2", "list_ec2_instances", { accounts: ["prod"] }),
      toolUse("s3", "list_ec2_instances", { accounts: ["shop-stg"], state: "stopped" }),
      say("summary"),
    );
    const answer = await ask("walk through everything");
    expect(answer.iterations).toBe(4);
    expect(fake.requests.map((r) => (r.body as Body).messages.length)).toEqual([1, 3, 5, 7]);
    const ids = body(3).messages.flatMap((m) => m.content.flatMap((c) => c.toolResult?.toolUseId ?? []));
    expect(ids).toEqual(["s1", "s2", "s3"]);
  });

  test("a large result over many accounts arrives as a table summary; query_results sends the SQL rows back", async () => {
    const executor = createScriptedExecutor();
    // 40 accounts × 30 functions, two accounts failing: far over the 3000-character budget.
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...accounts[1]!,
      id: String(400000000000 + i),
      name: `acct-${String(i).padStart(2, "0")}`,
    }));
    executor.handlers.set("list_ec2_instances", () =>
      many.map((a, i) =>
        i >= 38
          ? unit(a, "us-east-1", undefined, {
              code: "E_AWS_ACCESS_DENIED",
              message: "denied",
              retryable: false,
            })
          : unit(a, "us-east-1", {
              items: Array.from({ length: 30 + i }, (_, j) => ({
                id: `i-${i}-${j}`,
                type: j % 3 === 0 ? "m6i.large" : "t3.micro",
                tags: [{ Key: "team", Value: `t${j % 4}` }],
              })),
              truncated: false,
            }),
      ),
    );
    const { agent } = setup({ tool_result_max_chars: 3000 }, executor);
    const sql =
      "SELECT u.account_name, u.ok, count(r.id) AS n FROM list_ec2_instances_1_units u " +
      "LEFT JOIN list_ec2_instances_1 r USING (account_id, region) GROUP BY 1, 2 ORDER BY n DESC LIMIT 3";
    fake.script(
      toolUse("big", "list_ec2_instances", { accounts: ["all"] }),
      toolUse("q1", "query_results", { sql }),
      say("acct-37 has the most: 67."),
    );
    const answer = await agent.answer({ prompt: "which accounts have the most instances?", collect: true });

    const summary = lastContent(1)[0]!.toolResult.content[0].json;
    expect(JSON.stringify(summary).length).toBeLessThanOrEqual(3000);
    expect(summary).toMatchObject({
      table: "list_ec2_instances_1",
      units_table: "list_ec2_instances_1_units",
    });
    expect(summary.rows).toBe(Array.from({ length: 38 }, (_, i) => 30 + i).reduce((a, b) => a + b, 0));
    expect(summary.columns).toEqual([
      "account_id TEXT",
      "account_name TEXT",
      "region TEXT",
      "id TEXT",
      "type TEXT",
      "tags JSON",
    ]);
    expect(summary.failed_units).toHaveLength(2);
    expect(summary.note).toContain("2 of 40 units FAILED");
    expect(summary.note).toContain("query_results");
    expect(summary.results).toBeUndefined(); // no dump of the items

    const rows = lastContent(2)[0]!.toolResult.content[0].json;
    expect(rows).toMatchObject({
      columns: ["account_name", "ok", "n"],
      rows: [
        ["acct-37", 1, 67],
        ["acct-36", 1, 66],
        ["acct-35", 1, 65],
      ],
      row_cap: 200,
      truncated: false,
    });
    expect(rows.failed_note).toContain("2 units of the queried tables FAILED");

    expect(answer.tool_calls.map((c) => c.tool)).toEqual(["list_ec2_instances", "query_results"]);
    expect(answer.tool_calls[0]!.data).toMatchObject({
      table: { name: "list_ec2_instances_1", rows: summary.rows },
      rows: { cap: 200, truncated: true, total: summary.rows },
    });
    expect(answer.tool_calls[0]!.data!.units).toHaveLength(40);
    expect(answer.tool_calls[0]!.data!.units[39]).toMatchObject({
      ok: false,
      error: { code: "E_AWS_ACCESS_DENIED" },
    });
    expect(answer.tool_calls[1]!.data!.rows.rows).toHaveLength(3);
    expect(answer.tables).toEqual([
      {
        name: "list_ec2_instances_1",
        units_table: "list_ec2_instances_1_units",
        tool: "list_ec2_instances",
        rows: summary.rows,
        units: 40,
        failed: 2,
      },
    ]);
  });

  test("a write, an ATTACH and a second statement reach the model as E_VALIDATION tool errors", async () => {
    const { ask } = setup();
    fake.script(
      {
        reply: {
          content: [
            {
              toolUse: {
                toolUseId: "w1",
                name: "query_results",
                input: { sql: "DELETE FROM result_tables" },
              },
            },
            {
              toolUse: { toolUseId: "w2", name: "query_results", input: { sql: "ATTACH '/tmp/x.db' AS x" } },
            },
            { toolUse: { toolUseId: "w3", name: "query_results", input: { sql: "SELECT 1; DROP TABLE t" } } },
          ],
        },
      },
      say("refused"),
    );
    await ask("try to write");
    const results = lastContent(1).map((c) => c.toolResult);
    expect(results.map((r) => r.status)).toEqual(["error", "error", "error"]);
    expect(results.map((r) => r.content[0].json.error.code)).toEqual([
      "E_VALIDATION",
      "E_VALIDATION",
      "E_VALIDATION",
    ]);
  });

  test("the iteration cap stops the loop with E_MAX_ITERATIONS after max_iterations model turns", async () => {
    const { ask, executor } = setup({ max_iterations: 2 });
    fake.script(toolUse("x1", "list_accounts", {}), {
      reply: {
        content: [
          { text: "still looking" },
          { toolUse: { toolUseId: "x2", name: "list_accounts", input: {} } },
        ],
      },
    });
    const error = await failure(ask("loop forever"));
    expect(error.code).toBe("E_MAX_ITERATIONS");
    expect(error.message).toContain("2 model turns");
    expect(error.details?.partial).toBe("still looking");
    expect(fake.requests).toHaveLength(2);
    expect(executor.calls).toHaveLength(1);
  });

  test("throttling (HTTP 429, then an exception frame before any text) is retried, then succeeds", async () => {
    const { ask } = setup();
    fake.script(
      { httpError: { status: 429, type: "ThrottlingException", message: "Too many requests" } },
      { streamException: { type: "throttlingException", message: "Too many tokens", partialText: "" } },
      say("fine now"),
    );
    expect((await ask("hi")).answer).toBe("fine now");
    expect(fake.requests).toHaveLength(3);
  });

  test("throttling that outlasts the retries ends in E_MODEL_THROTTLED", async () => {
    const { ask } = setup();
    const throttled: FakeStep = {
      httpError: { status: 429, type: "ThrottlingException", message: "Too many requests" },
    };
    fake.script(throttled, throttled, throttled, throttled);
    const error = await failure(ask("hi"));
    expect(error.code).toBe("E_MODEL_THROTTLED");
    expect(fake.requests).toHaveLength(fastRetry.maxRetries + 1);
  });

  test("access denied names the model id and region and says to enable model access; no retry", async () => {
    const { ask } = setup({ id: "us.anthropic.claude-opus-4-1-20250805-v1:0", region: "us-west-2" });
    fake.script({
      httpError: {
        status: 403,
        type: "AccessDeniedException",
        message: "You don't have access to the model with the specified model ID.",
      },
    });
    const error = await failure(ask("hi"));
    expect(error.code).toBe("E_MODEL_ACCESS");
    expect(error.message).toContain("us.anthropic.claude-opus-4-1-20250805-v1:0 in us-west-2");
    expect(error.hint).toContain("enable model access in the Bedrock console");
    expect(fake.requests).toHaveLength(1);
  });

  test("a validation error shows Bedrock's message", async () => {
    const { ask } = setup();
    fake.script({
      httpError: {
        status: 400,
        type: "ValidationException",
        message: "The provided model identifier is invalid.",
      },
    });
    const error = await failure(ask("hi"));
    expect(error.code).toBe("E_MODEL_VALIDATION");
    expect(error.message).toContain("The provided model identifier is invalid.");
  });

  test("an exception frame mid-stream is E_MODEL_STREAM and keeps the partial text", async () => {
    const { ask, events } = setup();
    fake.script(toolUse("t", "list_accounts", {}), {
      streamException: {
        type: "modelStreamErrorException",
        message: "model broke",
        partialText: "There are 3 acc",
      },
    });
    const error = await failure(ask("how many accounts?"));
    expect(error.code).toBe("E_MODEL_STREAM");
    expect(error.details?.partial).toBe("There are 3 acc");
    expect(events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join("")).toBe("There are 3 acc");
    expect(fake.requests).toHaveLength(2);
  });

  test("a dropped connection mid-stream is E_MODEL_STREAM with the partial text", async () => {
    const { ask } = setup();
    fake.script({ dropAfterText: "Half an ans" });
    const error = await failure(ask("hi"));
    expect(error.code).toBe("E_MODEL_STREAM");
    expect(error.details?.partial).toBe("Half an ans");
  });

  test("stream off: Converse (JSON) drives the same loop", async () => {
    const { ask, events } = setup({ stream: false });
    fake.script(toolUse("j1", "list_ec2_instances", { accounts: ["prod"] }), say("two instances"));
    const answer = await ask("instances?");
    expect(answer.answer).toBe("two instances");
    expect(fake.requests.map((r) => r.stream)).toEqual([false, false]);
    expect(lastContent(1)[0]!.toolResult.status).toBe("success");
    expect(events.filter((e) => e.type === "text")).toEqual([{ type: "text", delta: "two instances" }]);
  });

  test("the SDK's default handler (h2c under Bun) works against the fake too", async () => {
    const client = defaultHandlerClient(fake.url);
    const agent = createAgent({
      settings: testSettings(),
      env: testEnv(fake.url),
      executor: createScriptedExecutor(),
      logger: silentLogger,
      client,
    });
    fake.script(say("over h2"));
    expect((await agent.answer({ prompt: "hi" })).answer).toBe("over h2");
    expect(fake.requests[0]!.httpVersion).toBe("2");
    client.destroy();
  });

  test("no cache points for a model without prompt caching", async () => {
    const { ask } = setup({ id: "amazon.nova-pro-v1:0" });
    fake.script(say("ok"));
    await ask("hi");
    expect(JSON.stringify(body(0))).not.toContain("cachePoint");
  });

  test("a model that rejects toolResult.status gets the error in the JSON only", async () => {
    const { ask } = setup({ id: "meta.llama3-3-70b-instruct-v1:0" });
    fake.script(toolUse("e", "no_such_tool", {}), say("sorry"));
    await ask("hi");
    const result = lastContent(1)[0]!.toolResult;
    expect(result.status).toBeUndefined();
    expect(result.content[0].json.error.code).toBe("E_UNKNOWN_TOOL");
  });

  test("tool failures reach the model as status error; one failing account does not hide the other", async () => {
    const executor = createScriptedExecutor();
    const denied = { code: "E_AWS_ACCESS_DENIED", message: "not authorized", retryable: false };
    executor.handlers.set("list_ec2_instances", (req) =>
      req.accounts?.[0] === "all-fail"
        ? [unit(accounts[1]!, "us-east-1", undefined, denied)]
        : [
            unit(accounts[1]!, "us-east-1", { items: [] }),
            unit(accounts[2]!, "us-east-1", undefined, denied),
          ],
    );
    const { ask, events } = setup({}, executor);
    fake.script(
      {
        reply: {
          content: [
            { toolUse: { toolUseId: "p", name: "list_ec2_instances", input: {} } },
            { toolUse: { toolUseId: "f", name: "list_ec2_instances", input: { accounts: ["all-fail"] } } },
            { toolUse: { toolUseId: "u", name: "no_such_tool", input: {} } },
          ],
        },
      },
      say("one account failed"),
    );
    const answer = await ask("instances?");
    expect(answer.status).toBe("partial"); // whatever the model says, a failed unit makes it partial
    const [partial, allFailed, unknown] = lastContent(1).map((b) => b.toolResult);
    expect(partial.status).toBe("success");
    expect(partial.content[0].json.results[1]).toMatchObject({
      account_name: "shop-stg",
      ok: false,
      error: denied,
    });
    expect(allFailed.status).toBe("error");
    expect(unknown).toMatchObject({
      status: "error",
      content: [{ json: { error: { code: "E_UNKNOWN_TOOL" } } }],
    });
    expect(answer.tool_calls.map((c) => c.ok)).toEqual([true, false, false]);
    expect(events.filter((e) => e.type === "account_error")).toHaveLength(2);
    expect(events.find((e) => e.type === "account_error")).toMatchObject({
      account_id: "333333333333",
      code: "E_AWS_ACCESS_DENIED",
    });
  });

  test("a session keeps earlier turns for follow-ups; no session means one-shot", async () => {
    const { ask } = setup();
    fake.script(
      toolUse("m1", "list_accounts", {}),
      say("3 accounts"),
      say("the production one is shop-prod"),
      say("fresh"),
    );
    await ask("how many accounts?", { sessionId: "s-1" });
    await ask("which is production?", { sessionId: "s-1" });
    await ask("unrelated");
    expect(body(2).messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(body(2).messages[0]!.content[0]).toEqual({ text: "how many accounts?" });
    expect(body(3).messages).toHaveLength(1);
  });

  test("result tables belong to the session: a follow-up queries them, another session or a one-shot cannot", async () => {
    const { ask } = setup();
    const count = { sql: "SELECT count(*) AS n FROM list_ec2_instances_1" };
    fake.script(
      toolUse("a1", "list_ec2_instances", {}),
      say("listed"),
      toolUse("a2", "query_results", count),
      say("counted"),
      toolUse("b1", "query_results", count),
      say("nothing"),
      toolUse("c1", "query_results", count),
      say("nothing either"),
    );
    await ask("list instances", { sessionId: "tables-1" });
    await ask("how many?", { sessionId: "tables-1" });
    await ask("how many?", { sessionId: "tables-2" });
    await ask("how many?");
    const result = (i: number) => lastContent(i)[0]!.toolResult.content[0].json;
    expect(result(3)).toMatchObject({ columns: ["n"], rows: [[3]] });
    expect(result(5).error).toMatchObject({ code: "E_VALIDATION" });
    expect(result(5).error.message).toContain("no such table: list_ec2_instances_1");
    expect(result(7).error).toMatchObject({ code: "E_VALIDATION" });
  });

  test("aborting passes the signal to the tool call and returns E_CANCELLED without waiting for it", async () => {
    const { ask, executor } = setup({}, createScriptedExecutor(2000));
    fake.script(toolUse("slow", "list_ec2_instances", {}));
    const abort = new AbortController();
    const answer = ask("slow", { signal: abort.signal });
    while (executor.calls.length === 0) await Bun.sleep(5);
    abort.abort();
    const error = await failure(answer);
    expect(error.code).toBe("E_CANCELLED");
    expect(executor.calls[0]!.signal?.aborted).toBe(true);
    expect(executor.completed).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });

  test("aborting during the model stream cancels the request", async () => {
    const { ask } = setup();
    fake.script({ reply: { content: [{ text: "slow answer" }] }, delayMs: 2000 });
    const abort = new AbortController();
    const answer = ask("slow", { signal: abort.signal });
    while (fake.requests.length === 0) await Bun.sleep(5);
    abort.abort();
    expect((await failure(answer)).code).toBe("E_CANCELLED");
  });

  test("an unreachable endpoint says so", async () => {
    const agent = createAgent({
      settings: testSettings(),
      env: testEnv("http://127.0.0.1:9"),
      executor: createScriptedExecutor(),
      logger: silentLogger,
      credentials: testCredentials,
      retry: fastRetry,
    });
    const error = await failure(agent.answer({ prompt: "hi" }));
    expect(error.code).toBe("E_MODEL");
    expect(error.message).toContain("cannot reach http://127.0.0.1:9");
    expect(error.details?.unreachable).toBe(true);
  });
});
