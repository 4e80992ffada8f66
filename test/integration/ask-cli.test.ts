import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent } from "../../src/agent/agent.ts";
import { type AskIo, type AskRequest, EXIT_INTERRUPTED, runAsk } from "../../src/cli/commands/ask.ts";
import { silentLogger } from "../../src/log.ts";
import { type FakeStep, startFakeBedrock } from "../fakes/bedrock.ts";
import { createScriptedExecutor, testCredentials, testEnv, testSettings } from "../helpers/agent-executor.ts";
import { runSource } from "../helpers/cli.ts";
import { spawnCli, startCli } from "../helpers/spawn-cli.ts";

/**
 * `ops-agent ask` against the fake Bedrock's ConverseStream, twice over: `runAsk` in this process over a
 * scripted executor (progress lines, JSON shape, Ctrl-C reaching the tool calls), and the CLI as a child
 * process with `--sandbox` and a model named, where the real Bedrock client (through
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME) talks to the fake and the model's tool uses run through the production
 * executor against the sandbox accounts.
 */
const bedrock = startFakeBedrock();
afterAll(() => bedrock.close());
beforeEach(() => {
  bedrock.requests.length = 0;
});

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
  bedrock.script(...steps);
  const runtime = {
    agent: async () =>
      createAgent({
        settings: testSettings(),
        env: testEnv(bedrock.url),
        executor,
        logger: silentLogger,
        credentials: testCredentials,
        retry: { maxRetries: 0, baseDelayMs: 1 },
      }),
  };
  const code = await runAsk(runtime, { question: "q", format: "text", ...request }, io);
  return { code, io, executor };
}

const scriptedToolTurn: FakeStep = {
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
const scriptedFinalTurn: FakeStep = {
  reply: { content: [{ text: "shop-prod has 1 instance in eu-west-1." }] },
};

describe("ops-agent ask in-process (runAsk, scripted executor)", () => {
  test("text: the answer streams to stdout, one progress line per tool call on stderr", async () => {
    const { code, io } = await ask({}, [scriptedToolTurn, scriptedFinalTurn]);
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
    const { code, io } = await ask({ format: "json" }, [scriptedToolTurn, scriptedFinalTurn]);
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

  test("Ctrl-C aborts the in-flight tool call and exits 130", async () => {
    const io = capture();
    const executor = createScriptedExecutor(3000);
    const running = ask({}, [scriptedToolTurn], executor, io);
    while (executor.calls.length < 2) await Bun.sleep(5);
    process.emit("SIGINT");
    const { code } = await running;
    expect(code).toBe(EXIT_INTERRUPTED);
    expect(io.err).toEqual(["cancelled\n"]);
    expect(executor.calls.map((c) => c.signal?.aborted)).toEqual([true, true]);
    expect(executor.completed).toBe(0);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });
});

const MODEL = "us.anthropic.claude-test-v1:0";
const env = {
  OPS_AGENT_MODEL_ID: MODEL,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
  AWS_REGION: "us-east-1",
  // Bedrock is the local fake; these keys only let the SDK sign its requests.
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "fake-secret-for-the-local-fake-bedrock",
};

const toolTurn: FakeStep = {
  reply: {
    content: [
      { text: "Looking." },
      {
        toolUse: {
          toolUseId: "t1",
          name: "ec2_describe_instances",
          input: { accounts: ["prod"], regions: ["eu-west-1"], states: ["running"] },
        },
      },
      { toolUse: { toolUseId: "t2", name: "s3_list_buckets", input: { accounts: "staging,development" } } },
    ],
  },
};
const ANSWER = "production runs 3 instances in eu-west-1, among them win-jumphost.";
const finalTurn: FakeStep = { reply: { content: [{ text: ANSWER }] } };

/** The toolResult blocks the CLI sent back to the model in its second request, by toolUseId. */
function toolResults(): Record<string, string> {
  const messages = bedrock.requests[1]!.body.messages as Array<{
    content: Array<{ toolResult?: { toolUseId: string; content: Array<{ json?: unknown; text?: string }> } }>;
  }>;
  const out: Record<string, string> = {};
  for (const block of messages.at(-1)?.content ?? []) {
    if (block.toolResult) out[block.toolResult.toolUseId] = JSON.stringify(block.toolResult.content);
  }
  return out;
}

describe("ops-agent ask --sandbox with a Bedrock model (child process)", () => {
  test("text: tool uses run against the sandbox, the answer streams on stdout, one progress line per call", async () => {
    bedrock.script(toolTurn, finalTurn);
    const r = await spawnCli(["ask", "--sandbox", "How many instances run in prod eu-west-1?"], { env });
    expect(r.stdout).toBe(`Looking.\n\n${ANSWER}\n`);
    expect(r.status).toBe(0);
    const progress = r.stderr.split("\n").filter((l) => l.startsWith("▸"));
    expect(progress.sort()).toEqual([
      expect.stringMatching(
        /^▸ ec2_describe_instances accounts=512345678901 regions=eu-west-1 1\/1 ok \d+\.\ds$/,
      ),
      expect.stringMatching(
        /^▸ s3_list_buckets accounts=623456789012,734567890123 regions=us-east-1,eu-west-1,us-west-2 4\/4 ok \d+\.\ds$/,
      ),
    ]);
    expect(bedrock.requests.map((q) => [q.modelId, q.stream])).toEqual([
      [MODEL, true],
      [MODEL, true],
    ]);
    const results = toolResults();
    // The sandbox's production eu-west-1 data, running instances only; staging and development buckets.
    expect(results.t1).toContain("win-jumphost");
    expect(results.t1).toContain("i-0a11c0ffee0000001");
    expect(results.t1).not.toContain("i-0a10c0ffee0000001");
    expect(results.t2).toContain("acme-staging-web-assets");
    expect(results.t2).toContain("acme-dev-ml-datasets");
    expect(results.t2).not.toContain("acme-prod-web-assets");
  });

  test("--output json: exactly one JSON document on stdout", async () => {
    bedrock.script(toolTurn, finalTurn);
    const r = await spawnCli(["ask", "--sandbox", "--output", "json", "instances?"], { env });
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith("\n")).toBe(true);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    // In JSON the answer is the final turn's text (the interim "Looking." is not part of it).
    expect(doc.answer).toBe(ANSWER);
    expect(doc.model_id).toBe(MODEL);
    expect(doc.iterations).toBe(2);
    expect(
      doc.tool_calls.map((c: { tool: string; units: number; failed: number }) => [c.tool, c.units, c.failed]),
    ).toEqual([
      ["ec2_describe_instances", 1, 0],
      ["s3_list_buckets", 4, 0],
    ]);
  });

  test("model access denied: exit 1, nothing on stdout, the reason and the model-free alternative", async () => {
    bedrock.script({ httpError: { status: 403, type: "AccessDeniedException", message: "no model access" } });
    const r = await spawnCli(["ask", "--sandbox", "--output", "json", "anything running?"], { env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const { error } = JSON.parse(r.stderr.trimEnd().split("\n").at(-1)!);
    expect(error.code).toBe("E_MODEL_ACCESS");
    expect(error.hint).toContain("enable model access in the Bedrock console");
    expect(error.hint).toContain("ops-agent call <tool>");
    expect(bedrock.requests).toHaveLength(1);
    expect(bedrock.pending()).toBe(0);
  });

  test("SIGINT during a slow model stream: exit 130 and 'cancelled'", async () => {
    bedrock.script({ reply: { content: [{ text: "too late" }] }, delayMs: 20_000 });
    const cli = startCli(["ask", "--sandbox", "slow question"], { env });
    while (bedrock.requests.length === 0) {
      if (cli.proc.exitCode !== null) throw new Error(`exited early: ${cli.stderr}`);
      await Bun.sleep(10);
    }
    cli.proc.kill("SIGINT");
    const r = await cli.result;
    expect(r.status).toBe(130);
    expect(r.stderr).toContain("cancelled");
    expect(r.stdout).not.toContain("too late");
  });

  test("--session keeps the conversation between processes (owner-only file, bounded), one-shot without", async () => {
    const state = mkdtempSync(join(tmpdir(), "ops-agent-state-"));
    const withState = { ...env, XDG_STATE_HOME: state };
    bedrock.script(
      { reply: { content: [{ text: "First answer." }] } },
      { reply: { content: [{ text: "Second." }] } },
    );
    const first = await spawnCli(["ask", "--sandbox", "--session", "s-1", "first question"], {
      env: withState,
    });
    expect(first.status).toBe(0);
    const file = join(state, "ops-agent", "sessions", "s-1.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await spawnCli(["ask", "--sandbox", "--session", "s-1", "follow-up"], { env: withState });
    expect(second.stdout).toBe("Second.\n");
    const texts = (
      bedrock.requests[1]!.body.messages as Array<{ role: string; content: Array<{ text?: string }> }>
    ).map((m) => `${m.role}:${m.content.map((c) => c.text ?? "").join("")}`);
    expect(texts).toEqual(["user:first question", "assistant:First answer.", "user:follow-up"]);
    bedrock.script({ reply: { content: [{ text: "Alone." }] } });
    await spawnCli(["ask", "--sandbox", "no session"], { env: withState });
    expect((bedrock.requests[2]!.body.messages as unknown[]).length).toBe(1);
  });

  test("usage errors exit 2 before any model call", () => {
    const xml = runSource(["ask", "--output", "xml", "q"]);
    expect(xml.status).toBe(2);
    expect(xml.stderr).toContain('--output must be one of text, json (got "xml")');
    const empty = runSource(["ask", "  "]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("the question is empty");
  });
});
