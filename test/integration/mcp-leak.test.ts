import { expect, test } from "bun:test";
import { resolve } from "node:path";

// A pending timer or socket keeps a Bun process alive. So: time a call out against a server that never
// answers, close everything, and the process must exit on its own — long before the SDK's request
// timer (timeout + retry budget = 600.2 s) would have fired had it leaked. No clock in the assertion: a
// leak keeps the child alive until spawnSync kills it (exit code null), however loaded the machine is.
const root = resolve(import.meta.dir, "../..");
const script = `
import { defaultSettings } from "${root}/src/config/schema.ts";
import { createMcpPool } from "${root}/src/mcp/pool.ts";
import { startFakeMcpServer } from "${root}/test/fakes/mcp-server.ts";
import { createStaticCredentials } from "${root}/test/helpers/static-credentials.ts";
const key = { accessKeyId: "AKIAFAKELEAK00000001", secretAccessKey: "leak/secret/xxxxxxxxxxxxxxxxxxxxxxxxxxxxx" };
const server = await startFakeMcpServer({ mode: process.argv.at(-1), keys: { [key.accessKeyId]: { ...key, accountId: "123456789012" } } });
server.setFault((r) => (r.method === "tools/call" ? { hang: true } : undefined));
const pool = createMcpPool({
  settings: { ...defaultSettings.mcp, endpoint: server.url, timeout_ms: 200, max_retries: 3, retry_budget_ms: 600000, rate_per_account: 8, script_tool: "aws___run_script" },
  credentials: createStaticCredentials({ "123456789012": key }),
});
const error = await pool.callTool("aws___run_script", { code: "x" }, { accountId: "123456789012", region: "us-east-1" }).catch((e) => e);
await pool.close();
await server.close();
console.log(JSON.stringify({ code: error.code, abandoned: server.abandoned }));
`;

for (const mode of ["json", "sse"]) {
  test(`a timed-out call leaves no timer or socket behind (${mode})`, () => {
    const child = Bun.spawnSync([process.execPath, "-e", script, mode], { cwd: root, timeout: 120_000 });
    expect(child.stderr.toString()).toBe("");
    expect(JSON.parse(child.stdout.toString())).toEqual({ code: "E_MCP_TIMEOUT", abandoned: 1 });
    expect(child.exitCode).toBe(0);
  }, 150_000);
}
