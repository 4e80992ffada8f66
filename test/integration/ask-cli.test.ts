import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { createAgent } from "../../src/agent/agent.ts";
import { type AskIo, type AskRequest, EXIT_INTERRUPTED, runAsk } from "../../src/cli/commands/ask.ts";
import { silentLogger } from "../../src/log.ts";
import { type FakeStep, startFakeBedrock } from "../fakes/bedrock.ts";
import { createScriptedExecutor, testCredentials, testEnv, testSettings } from "./agent-executor.ts";

const fake = startFakeBedrock();
afterAll(() => fake.close());

function capture(): AskIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), sameTerminal: false };
}

async function ask(
  request: Partial<AskRequest>,
  steps: FakeStep[],
  executor = createScriptedExecutor(),
  io = capture(),
) {
  fake.script(...steps);
  const runtime = {
    agent: async () =>
      createAgent({
        settings: testSettings(),
        env: testEnv(fake.url),
        executor,
        logger: silentLogger,
        credentials: testCredentials,
        retry: { maxRetries: 0, baseDelayMs: 1 },
      }),
  };
  const code = await runAsk(runtime, { question: "q", format: "text", ...request }, io);
  return { code, io, executor };
}

const toolTurn: FakeStep = {
  reply: {
    content: [
      {
        toolUse: {
          toolUseId: "1",
          name: "list_ec2_instances",
          input: { accounts: ["prod"], regions: ["eu-west-1"] },
        },
      },
      { toolUse: { toolUseId: "2", name: "list_accounts", input: {} } },
    ],
  },
};
const finalTurn: FakeStep = { reply: { content: [{ text: "shop-prod has 1 instance in eu-west-1." }] } };

describe("ops-agent ask", () => {
  test("text: the answer streams to stdout, one progress line per tool call on stderr", async () => {
    const { code, io } = await ask({}, [toolTurn, finalTurn]);
    expect(code).toBe(0);
    expect(io.out.length).toBeGreaterThan(3);
    expect(io.out.join("")).toBe("shop-prod has 1 instance in eu-west-1.\n");
    expect(io.err).toHaveLength(2);
    expect(io.err[0]).toMatch(
      /^▸ list_ec2_instances accounts=222222222222 regions=eu-west-1 1\/1 ok \d+\.\ds\n$/,
    );
    expect(io.err[1]).toMatch(/^▸ list_accounts /);
  });

  test("json: stdout is one JSON document with answer, tool_calls, usage and duration", async () => {
    const { code, io } = await ask({ format: "json" }, [toolTurn, finalTurn]);
    expect(code).toBe(0);
    expect(io.out).toHaveLength(1);
    const doc = JSON.parse(io.out[0]!);
    expect(doc.answer).toBe("shop-prod has 1 instance in eu-west-1.");
    expect(doc.tool_calls.map((c: { tool: string }) => c.tool)).toEqual([
      "list_ec2_instances",
      "list_accounts",
    ]);
    expect(doc.usage).toEqual({
      input_tokens: 20,
      output_tokens: 10,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
    });
    expect(typeof doc.duration_ms).toBe("number");
  });

  test("no model access: non-zero exit, the reason, and the model-free alternative", async () => {
    const denied: FakeStep = {
      httpError: { status: 403, type: "AccessDeniedException", message: "no access" },
    };
    const stderr: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((t: string) => stderr.push(t) > 0) as typeof process.stderr.write;
    try {
      const { code, io } = await ask({ format: "json" }, [denied]);
      expect(code).toBe(1);
      expect(io.out).toEqual([]);
    } finally {
      process.stderr.write = original;
    }
    const { error } = JSON.parse(stderr.join(""));
    expect(error.code).toBe("E_MODEL_ACCESS");
    expect(error.hint).toContain("enable model access in the Bedrock console");
    expect(error.hint).toContain("ops-agent call");
  });

  test("Ctrl-C aborts the in-flight tool call and exits 130", async () => {
    const io = capture();
    const executor = createScriptedExecutor(3000);
    const running = ask({}, [toolTurn], executor, io);
    while (executor.calls.length < 2) await Bun.sleep(5);
    process.emit("SIGINT");
    const { code } = await running;
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(io.err).toEqual(["cancelled\n"]);
    expect(executor.calls.map((c) => c.signal?.aborted)).toEqual([true, true]);
    expect(executor.completed).toBe(0);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  test("usage errors exit 2 before any model call", () => {
    const run = (...args: string[]) =>
      spawnSync("npx", ["bun", "src/cli/main.ts", "ask", ...args], {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
    const xml = run("--output", "xml", "q");
    expect(xml.status).toBe(2);
    expect(xml.stderr).toContain('--output must be one of text, json (got "xml")');
    const empty = run("  ");
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("the question is empty");
  });
});
