import { expect, test } from "bun:test";
import type { Subprocess } from "bun";

const FIXTURE = new URL("../fixtures/serve/slow-server.ts", import.meta.url).pathname;

/** Starts the fixture and waits for its JSON "listening" lines (ports are picked by the OS). */
async function spawnServer(args: string[] = [], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, FIXTURE, ...args], {
    stdout: "ignore",
    stderr: "pipe",
    env: { ...process.env, ...env },
  });
  const lines: Record<string, unknown>[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = proc.stderr.getReader();
  const pump = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      buffer += decoder.decode(r.value, { stream: true });
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const line of parts) if (line.trim()) lines.push(JSON.parse(line));
    }
  })();
  // Until the line comes or the process ends: no deadline of its own (the test timeout bounds it).
  const waitFor = async (msg: string) => {
    for (;;) {
      const found = lines.find((l) => l.msg === msg);
      if (found) return found;
      if (proc.exitCode !== null) {
        await pump; // the last lines may still be in the pipe
        const last = lines.find((l) => l.msg === msg);
        if (last) return last;
        break;
      }
      await Bun.sleep(10);
    }
    throw new Error(`no "${msg}" log line; got ${JSON.stringify(lines)}`);
  };
  return { proc: proc as Subprocess<"ignore", "ignore", "pipe">, lines, waitFor, pump };
}

test("SIGTERM during a streaming invocation: the stream completes, then the process exits 0", async () => {
  const { proc, lines, waitFor, pump } = await spawnServer(["--mcp"]);
  const url = (await waitFor("listening")).url as string;
  const mcpUrl = (await waitFor("mcp listening")).url as string;
  expect((await fetch(`${url}/ping`)).status).toBe(200);

  const res = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: { accept: "text/event-stream", "content-type": "application/json" },
    body: JSON.stringify({ prompt: "slow" }),
  });
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toBe('data: {"type":"text","delta":"part0 "}\n\n');
  proc.kill("SIGTERM");
  await waitFor("shutting down");
  // The listener is closed: new connections are refused while the stream goes on.
  await expect(fetch(`${url}/ping`)).rejects.toThrow();
  await expect(fetch(mcpUrl, { method: "POST" })).rejects.toThrow();

  let text = first;
  for (let r = await reader.read(); !r.done; r = await reader.read())
    text += new TextDecoder().decode(r.value);
  const events = text
    .trim()
    .split("\n\n")
    .map((e) => JSON.parse(e.slice("data: ".length)));
  expect(events).toHaveLength(11);
  expect(events.at(-1)).toMatchObject({ type: "done" });

  expect(await proc.exited).toBe(0);
  await pump;
  const order = lines.map((l) => l.msg);
  expect(order.indexOf("invocation")).toBeLessThan(order.indexOf("runtime closed"));
  expect(order.at(-1)).toBe("stopped");
});

test("the grace period bounds shutdown: a stream still running is cut with an error event", async () => {
  const { proc, waitFor } = await spawnServer([], { SLOW_STEPS: "1000", GRACE_MS: "200" });
  const url = (await waitFor("listening")).url as string;
  const res = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: { accept: "text/event-stream", "content-type": "application/json" },
    body: '{"prompt":"forever"}',
  });
  const reader = res.body!.getReader();
  await reader.read();
  proc.kill("SIGINT");
  let text = "";
  for (let r = await reader.read(); !r.done; r = await reader.read())
    text += new TextDecoder().decode(r.value);
  const last = JSON.parse(text.trim().split("\n\n").at(-1)!.slice("data: ".length));
  expect(last).toMatchObject({ type: "error", error: { code: "E_CANCELLED" } });
  expect(await proc.exited).toBe(0);
});
