import { afterAll, expect, test } from "bun:test";
import { checkHealth } from "../../src/cli/commands/healthcheck.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import { startHttpServer } from "../../src/server/http.ts";
import { createCapturingLogger, createInstantAgent } from "../helpers/serve-fakes.ts";

const ours = startHttpServer({
  settings: defaultSettings.server,
  agent: async () => createInstantAgent(),
  logger: createCapturingLogger().logger,
  hostname: "127.0.0.1",
  port: 0,
});
// Servers that get the contract wrong in the ways §7.12 of agentcore.md lists.
const wrong = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/lowercase") return Response.json({ status: "healthy", time_of_last_update: 1 });
    if (path === "/string-time")
      return Response.json({ status: "Healthy", time_of_last_update: "2026-01-01T00:00:00Z" });
    if (path === "/not-json") return new Response("OK");
    if (path === "/hang") await Bun.sleep(2_000);
    return new Response("{}", { status: 500 });
  },
});
afterAll(async () => {
  await ours.stop(0);
  await wrong.stop(true);
});
const at = (path: string) => `http://127.0.0.1:${wrong.port}${path}`;

test("checkHealth accepts only a 200 with a contract-valid body", async () => {
  expect(await checkHealth(`${ours.url}/ping`, 1000)).toEqual({ ok: true, message: "Healthy" });
  for (const path of ["/lowercase", "/string-time", "/not-json", "/500"]) {
    expect((await checkHealth(at(path), 1000)).ok).toBe(false);
  }
  const hung = await checkHealth(at("/hang"), 100);
  expect(hung).toEqual({ ok: false, message: `${at("/hang")}: no answer within 100 ms` });
  const closed = Bun.serve({ port: 0, fetch: () => new Response() });
  const deadPort = closed.port;
  await closed.stop(true);
  expect((await checkHealth(`http://127.0.0.1:${deadPort}/ping`, 1000)).ok).toBe(false);
});

test("`ops-agent healthcheck` exits 0 when healthy and 1 otherwise (the container HEALTHCHECK)", async () => {
  const main = new URL("../../src/cli/main.ts", import.meta.url).pathname;
  const run = (url: string) =>
    Bun.spawn([process.execPath, main, "healthcheck", "--url", url, "--timeout-ms", "1000"], {
      stdout: "pipe",
      stderr: "pipe",
    });
  const good = run(`${ours.url}/ping`);
  expect(await good.exited).toBe(0);
  expect(await new Response(good.stdout).text()).toBe("healthy: Healthy\n");
  const bad = run(at("/lowercase"));
  expect(await bad.exited).toBe(1);
  expect(await new Response(bad.stderr).text()).toContain("unhealthy");
});
