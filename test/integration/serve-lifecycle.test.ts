import { afterAll, expect, test } from "bun:test";
import { childEnv, ROOT } from "../helpers/cli.ts";
import { spawnCli, startCli } from "../helpers/spawn-cli.ts";

/** A port held by this process for the length of the file. */
const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("taken") });
afterAll(() => taken.stop(true));
const PORT = String(taken.port);

test.each([
  ["IAM mode", ["--port", PORT], "--port"],
  ["--sandbox", ["--sandbox", "--port", PORT], "--port"],
  ["--sandbox --mcp, HTTP port taken", ["--sandbox", "--mcp", "--mcp-port", "0", "--port", PORT], "--port"],
  [
    "--sandbox --mcp, MCP port taken",
    ["--sandbox", "--mcp", "--port", "0", "--mcp-port", PORT],
    "--mcp-port",
  ],
  ["--mcp, MCP port taken", ["--mcp", "--port", "0", "--mcp-port", PORT], "--mcp-port"],
])(
  "serve %s: a port in use is exit 1 with the reason, never a server without its listener",
  async (_, args, flag) => {
    const r = await spawnCli(["serve", "--host", "127.0.0.1", "--log-format", "json", ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`E_SERVER: cannot listen on 127.0.0.1:${PORT}`);
    expect(r.stderr).toContain(`choose another with ${flag}`);
    // Nothing was built: the failure comes before the runtime (no credentials line, no sandbox).
    expect(r.stderr).not.toContain("credentials:");
  },
);

test("`npm start -- serve` stops when npm gets SIGTERM (no orphaned server)", async () => {
  const npm = Bun.spawn(
    [
      "npm",
      "start",
      "-s",
      "--",
      "serve",
      "--sandbox",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--log-format",
      "json",
    ],
    { cwd: ROOT, stdout: "ignore", stderr: "pipe", env: childEnv({}) },
  );
  let stderr = "";
  const pump = (async () => {
    for await (const chunk of npm.stderr) stderr += new TextDecoder().decode(chunk);
  })();
  for (let i = 0; i < 3000 && !stderr.includes('"msg":"listening"'); i++) await Bun.sleep(10);
  const line = stderr.split("\n").find((l) => l.includes('"msg":"listening"'));
  expect(line).toBeDefined();
  const url = JSON.parse(line!).url as string;
  expect((await fetch(`${url}/ping`)).status).toBe(200);
  npm.kill("SIGTERM");
  await npm.exited;
  await pump;
  expect(stderr).toContain('"msg":"stopped"');
  // The server itself is gone, not only npm: its port refuses connections.
  const after = await fetch(`${url}/ping`).then(
    () => "answered",
    () => "refused",
  );
  expect(after).toBe("refused");
});

test("a live serve still answers: the failures above are about the port, not serve itself", async () => {
  const serve = startCli(["serve", "--host", "127.0.0.1", "--port", "0", "--log-format", "json"]);
  await serve.waitFor("stderr", '"msg":"listening"');
  serve.proc.kill("SIGTERM");
  expect((await serve.result).status).toBe(0);
});
