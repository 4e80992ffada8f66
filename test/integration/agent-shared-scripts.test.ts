import { afterAll, expect, test } from "bun:test";
import { createAgent } from "../../src/agent/agent.ts";
import { silentLogger } from "../../src/log.ts";
import { sandboxProfile, startSandbox } from "../../src/sandbox/index.ts";
import type { CallResult, Executor } from "../../src/tools/types.ts";
import { startFakeBedrock } from "../fakes/bedrock.ts";
import { testCredentials, testEnv, testSettings } from "../helpers/agent-executor.ts";
import { startWiredSandbox, wireSandbox } from "../helpers/sandbox-wire.ts";

/**
 * Two tool uses in one model turn (the fake Bedrock over ConverseStream) against the sandbox's signed
 * MCP endpoint through the production wiring: the calls for one account ride in one aws___run_script,
 * so N accounts cost N scripts, not 2N, and each call's results are what it answers alone.
 */
const fake = startFakeBedrock();
const wired = await startWiredSandbox();
const uncached = await startWiredSandbox((s) => {
  s.executor.cache_ttl_seconds = 0;
});
afterAll(async () => {
  await fake.close();
  await wired.close();
  await uncached.close();
});

/** aws___run_script requests the sandbox received, per account name. */
function scriptsPerAccount(lines = wired.lines): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of lines) {
    const entry = JSON.parse(line) as { msg?: string; account?: string };
    if (entry.msg === "sandbox mcp: run_script") out[entry.account!] = (out[entry.account!] ?? 0) + 1;
  }
  return out;
}

/** The results without timings (a shared script's units take the script's time). */
const stable = (r: CallResult) => ({
  ...r,
  results: r.results.map(({ duration_ms: _, ...u }) => u),
  summary: { ...r.summary, duration_ms: 0 },
});

test("two tools in one turn: one script per account, results as two separate calls", async () => {
  const calls: CallResult[] = [];
  const real = wired.executor;
  // The real executor, recording what each call returned to the agent.
  const executor: Executor = {
    ...real,
    invoke: async (name, input, options) => {
      const result = await real.invoke(name, input, options);
      calls.push(result);
      return result;
    },
  };
  const agent = createAgent({
    settings: testSettings(),
    env: testEnv(fake.url),
    executor,
    logger: silentLogger,
    credentials: testCredentials,
  });
  const uses = [
    { toolUseId: "t1", name: "ec2_describe_vpcs", input: { accounts: "all" } },
    { toolUseId: "t2", name: "lambda_list_functions", input: { accounts: "all" } },
  ];
  fake.script(
    { reply: { content: uses.map((toolUse) => ({ toolUse })) } },
    { reply: { content: [{ text: "Done." }] } },
  );
  const answer = await agent.answer({ prompt: "vpcs and functions everywhere" });
  expect(answer.tool_calls.map((c) => c.tool)).toEqual(["ec2_describe_vpcs", "lambda_list_functions"]);
  const accounts = new Set(calls.flatMap((c) => c.results.map((u) => u.account_name)));
  expect(accounts.size).toBeGreaterThan(1);
  const shared = scriptsPerAccount();
  expect(Object.keys(shared).sort()).toEqual([...accounts].sort());
  for (const name of accounts) expect(`${name}: ${shared[name]}`).toBe(`${name}: 1`);

  // Each call left its own cache entries: asked again, every unit that answered is a cache hit.
  for (const use of uses) {
    const again = await real.invoke(use.name, use.input);
    const answered = again.results.filter((u) => u.ok);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((u) => u.cached)).toBe(true);
  }

  // The same two calls one by one (cache bypassed): 2 scripts per account, the same results.
  wired.lines.length = 0;
  const alone = [];
  for (const use of uses) alone.push(await real.invoke(use.name, use.input, { noCache: true }));
  for (const name of accounts) expect(`${name}: ${scriptsPerAccount()[name]}`).toBe(`${name}: 2`);
  const byTool = (rs: CallResult[]) => rs.toSorted((a, b) => a.tool.localeCompare(b.tool)).map(stable);
  expect(byTool(calls)).toEqual(byTool(alone));
  // Some unit failed in the sandbox (staging's eu-west-1 denies Lambda): errors stay per unit.
  expect(calls.flatMap((c) => c.results).some((u) => !u.ok)).toBe(true);
  expect(calls.flatMap((c) => c.results).some((u) => u.ok)).toBe(true);
});

test("a use the executor refuses leaves the share: the others of the turn still run, each once per account", async () => {
  const agent = createAgent({
    settings: testSettings(),
    env: testEnv(fake.url),
    executor: uncached.executor,
    logger: silentLogger,
    credentials: testCredentials,
  });
  const uses = [
    { toolUseId: "u1", name: "ec2_describe_vpcs", input: { accounts: "production", regions: "us-east-1" } },
    { toolUseId: "u2", name: "no_such_tool", input: {} },
    { toolUseId: "u3", name: "ec2_describe_vpcs", input: { accounts: "production", bogus: 1 } },
    { toolUseId: "u4", name: "query_results", input: { sql: "SELECT 1" } },
    {
      toolUseId: "u5",
      name: "lambda_list_functions",
      input: { accounts: "production", regions: "us-east-1" },
    },
  ];
  fake.script(
    { reply: { content: uses.map((toolUse) => ({ toolUse })) } },
    { reply: { content: [{ text: "Done." }] } },
  );
  const answer = await agent.answer({ prompt: "mixed turn" });
  expect(answer.tool_calls.map((c) => [c.tool, c.ok])).toEqual([
    ["ec2_describe_vpcs", true],
    ["no_such_tool", false],
    ["ec2_describe_vpcs", false],
    ["query_results", true],
    ["lambda_list_functions", true],
  ]);
  expect(scriptsPerAccount(uncached.lines)).toEqual({ production: 1 });
});

test("realistic profile: shared scripts pay one latency, come back wrapped or as tasks, split per call", async () => {
  const sandbox = await startSandbox({
    logger: silentLogger,
    profile: sandboxProfile("realistic", { scriptLatencyMs: 300, taskAfterMs: 100 }),
  });
  const { pool, executor } = wireSandbox(sandbox, silentLogger, (s) => {
    s.mcp.task_poll_ms = 50;
  });
  try {
    const share = executor.shareScripts!(2);
    const input = { accounts: "all", regions: "us-east-1,eu-west-1" };
    const [vpcs, functions] = await Promise.all([
      executor.invoke("ec2_describe_vpcs", input, { share, noCache: true }),
      executor.invoke("lambda_list_functions", input, { share, noCache: true }),
    ]);
    const accounts = new Set(vpcs!.results.map((u) => u.account_id));
    const stats = sandbox.mcpStats();
    expect(stats.calls.aws___run_script).toBe(accounts.size);
    expect(stats.calls.aws___get_tasks).toBeGreaterThanOrEqual(accounts.size);
    expect(vpcs!.summary.failed).toBe(0);
    expect(vpcs!.results.every((u) => u.ok)).toBe(true);
    expect(vpcs!.results.some((u) => u.ok && u.data.items.length > 0)).toBe(true);
    expect(functions!.results.map((u) => u.ok || u.error.code)).toContain(true);
    expect(functions!.summary.units).toBe(accounts.size * 2);
  } finally {
    await pool.close();
    await sandbox.close();
  }
});
