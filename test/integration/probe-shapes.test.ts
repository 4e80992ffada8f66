import { expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { PROBE_SCRIPT, readProbeAnswer } from "../../src/plugins/probe.ts";
import { type McpProfileOverrides, sandboxProfile, startSandbox } from "../../src/sandbox/index.ts";
import { type AnswerShape, runScriptAnswer } from "../../src/tools/unit.ts";
import { wireSandbox } from "../helpers/sandbox-wire.ts";

/**
 * doctor's probe through the signed MCP client against each answer shape the sandbox can give: the
 * bare value (fast), the `{status, return_value}` envelope (realistic), and a task id polled with
 * aws___get_tasks (a script slower than the task threshold). The shape is named, the findings read.
 */
const CASES: Array<[string, "fast" | "realistic", McpProfileOverrides, AnswerShape]> = [
  ["bare value", "fast", {}, "bare"],
  ["envelope", "realistic", { scriptLatencyMs: 50 }, "envelope"],
  ["task", "realistic", { scriptLatencyMs: 300, taskAfterMs: 50 }, "task"],
];

test.each(CASES)("%s", async (_, name, overrides, shape) => {
  const sandbox = await startSandbox({ logger: silentLogger, profile: sandboxProfile(name, overrides) });
  const { pool } = wireSandbox(sandbox, silentLogger);
  try {
    const account = sandbox.accounts.find((a) => a.role === "workload")!;
    const answer = await runScriptAnswer(account, "us-east-1", PROBE_SCRIPT, {
      mcp: pool,
      scriptTool: "aws___run_script",
      pollMs: 20,
      timeoutMs: 10_000,
    });
    expect(answer.shape).toBe(shape);
    expect(readProbeAnswer(answer.value)).toEqual({
      modules: { json: true, asyncio: true },
      callBoto3: true,
      python: null,
    });
  } finally {
    await pool.close();
    await sandbox.close();
  }
});
