/**
 * `ops-agent serve` against the seed's stack lower bound (python3 stdlib ThreadingHTTPServer that
 * imports boto3; starlette/uvicorn are not used even when present, to keep one baseline):
 * cold start to the first 200 from /ping, RSS idle and with 50 concurrent sessions, /ping latency while
 * those 50 invocations run, invocations/s with a fast fake agent, and invocations/s of the shipped
 * `serve --sandbox` running the real agent loop against the fake Bedrock (test/fakes/bedrock.ts) and
 * the sandbox's MCP server. First row: `dist/ops-agent serve` with a settings file and a 2-account
 * registry in IAM mode (endpoints unreachable) beside python3 + boto3 building its STS and Bedrock
 * clients, interleaved (OPS_AGENT_BASELINE_BINARY adds an older build to compare). Run:
 * `npx bun bench/serve.ts` (`--cold`: those rows only).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { type FakeStep, startFakeBedrock } from "../test/fakes/bedrock.ts";
import type { BenchRow } from "./run.ts";

const ROOT = join(import.meta.dir, "..");
const RUNS = 7;
/** Starts per target for the configured cold-start rows (interleaved; medians swing on this shared machine). */
const COLD_RUNS = 15;
const SESSIONS = 50;
const REQUESTS = 2000;
const CONCURRENCY = 32;
/** Pings sent while the SESSIONS invocations run. */
const PINGS = 20;
/** Invocations through the real agent loop (two model turns and one fan-out tool call each). */
const AGENT_REQUESTS = 400;
/** Below server.max_concurrent (16 by default): beyond it the server answers 503, by design. */
const AGENT_CONCURRENCY = 12;

const PYTHON_APP = `
import json, sys, time
import os
import boto3  # the seed's stack: what its server imports before it can answer
if os.environ.get("BENCH_CLIENTS"):  # and, configured, the clients it builds before it listens
    endpoint = os.environ["BENCH_CLIENTS"]
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint)
    bedrock = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=endpoint)
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
START = int(time.time())
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        if self.path == "/ping": self.send(200, {"status": "Healthy", "time_of_last_update": START})
        else: self.send(404, {"error": "not found"})
    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        prompt = payload.get("prompt", "")
        if prompt.startswith("sleep "): time.sleep(int(prompt[6:]) / 1000)
        self.send(200, {"response": "echo: %d" % len(prompt), "session_id": self.headers.get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"), "tool_calls": [], "usage": {}})
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
`;

/** `bun bench/serve.ts --child PORT`: runServe with a fake runtime whose agent answers at once ("sleep N" waits N ms). */
async function child(port: number): Promise<never> {
  const [{ runServe }, { defaultSettings }, { silentLogger }] = await Promise.all([
    import("../src/server/serve.ts"),
    import("../src/config/schema.ts"),
    import("../src/log.ts"),
  ]);
  const usage = { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0 };
  const agent = {
    async answer(request: { prompt: string; sessionId?: string }) {
      if (request.prompt.startsWith("sleep ")) await Bun.sleep(Number(request.prompt.slice(6)));
      const text = `echo: ${request.prompt.length}`;
      return {
        answer: text,
        session_id: request.sessionId,
        status: "ok" as const,
        tool_calls: [],
        usage,
        iterations: 1,
        duration_ms: 0,
        model_id: "fake",
      };
    },
  };
  const code = await runServe({
    settings: { ...defaultSettings.server, max_concurrent: 256 },
    logger: silentLogger,
    hostname: "127.0.0.1",
    port,
    runtime: async () => ({
      executor: { specs: () => [], accounts: () => [], invoke: () => Promise.reject(new Error("no tools")) },
      agent: async () => agent,
      close: async () => {},
    }),
  });
  process.exit(code);
}

function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

interface Target {
  label: string;
  command: (port: number) => string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

/** Spawns, polls /ping every 2 ms, returns ms to the first 200 (and the live process). */
async function coldStart(target: Target) {
  const port = freePort();
  const started = performance.now();
  const proc = Bun.spawn(target.command(port), {
    cwd: ROOT,
    stdout: "ignore",
    stderr: "ignore",
    env: { ...process.env, ...target.env },
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`${target.label} exited with ${proc.exitCode} before /ping answered`);
    const ok = await fetch(`${url}/ping`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { ms: performance.now() - started, proc, url };
    if (performance.now() - started > 30_000) throw new Error(`${target.label}: no /ping within 30 s`);
    await Bun.sleep(2);
  }
}

async function stop(proc: Subprocess) {
  proc.kill("SIGTERM");
  await Promise.race([proc.exited, Bun.sleep(3000).then(() => proc.kill("SIGKILL"))]);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const invoke = (url: string, prompt: string, session: string) =>
  fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": session },
    body: JSON.stringify({ prompt }),
  }).then(async (r) => {
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`invocation answered ${r.status}`);
  });

async function coldMedian(target: Target): Promise<number> {
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, proc } = await coldStart(target);
    starts.push(ms);
    await stop(proc);
  }
  return median(starts);
}

async function measure(target: Target) {
  const coldMs = await coldMedian(target);
  const { proc, url } = await coldStart(target);
  try {
    await Bun.sleep(300);
    const idle = rssMiB(proc.pid);
    const sessions = Array.from({ length: SESSIONS }, (_, i) =>
      invoke(url, "sleep 1500", `bench-session-${i}-${"x".repeat(30)}`),
    );
    // /ping while the invocations run: the platform's health check must never queue behind work.
    const pingMs: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/ping`);
      await r.arrayBuffer();
      pingMs.push(performance.now() - t);
      await Bun.sleep(25);
    }
    await Bun.sleep(200);
    const busy = rssMiB(proc.pid);
    await Promise.all(sessions);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        while (next < REQUESTS) {
          next++;
          await invoke(url, "what runs in prod?", `bench-rps-${w}-${"y".repeat(30)}`);
        }
      }),
    );
    const rps = REQUESTS / ((performance.now() - t0) / 1000);
    return { coldMs, idle, busy, rps, pingBusyMs: median(pingMs), pingBusyMaxMs: Math.max(...pingMs) };
  } finally {
    await stop(proc);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, unit: string) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ${unit}`;
const ratio = (ours: number, base: number) => `${(ours / base).toFixed(2)}×`;

/**
 * The real `ops-agent serve --sandbox`: dist/ops-agent (built if missing), else from source under bun
 * (said in the row). Undefined when neither builds and stays up; the rows then say so.
 */
async function shippedServe(): Promise<Target | undefined> {
  const binary = join(ROOT, "dist/ops-agent");
  if (!existsSync(binary))
    Bun.spawnSync(["npm", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "ignore" });
  const args = (p: number) => ["serve", "--sandbox", "--host", "127.0.0.1", "--port", String(p)];
  const candidates: Target[] = [
    ...(existsSync(binary)
      ? [{ label: "dist/ops-agent serve --sandbox", command: (p: number) => [binary, ...args(p)] }]
      : []),
    {
      label: "bun src/cli/main.ts serve --sandbox (not compiled)",
      command: (p) => [process.execPath, "src/cli/main.ts", ...args(p)],
    },
  ];
  for (const target of candidates) {
    try {
      const { proc } = await coldStart(target);
      await Bun.sleep(500); // must still be serving: a runtime that fails to build exits here
      const alive = proc.exitCode === null;
      await stop(proc);
      if (alive) return target;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/**
 * This file compiled the way scripts/build.ts compiles ops-agent (bytecode, minified syntax), run
 * with `--child`: the same server code with a fake agent, so RSS and throughput measure the server.
 */
function compiledChild(dir: string): Target {
  const outfile = join(dir, "serve-child");
  const built = Bun.spawnSync(
    [
      process.execPath,
      "build",
      join(ROOT, "bench/serve.ts"),
      "--compile",
      "--bytecode",
      "--format=esm",
      "--minify-syntax",
      "--minify-whitespace",
      `--outfile=${outfile}`,
    ],
    { cwd: ROOT, stdout: "ignore", stderr: "pipe" },
  );
  if (built.exitCode !== 0)
    throw new Error(`bun build --compile failed: ${built.stderr.toString().slice(0, 500)}`);
  return {
    label: "compiled runServe + fake agent (bun build --compile --bytecode)",
    command: (p) => [outfile, "--child", String(p)],
  };
}

/** Nothing listens on port 9 (discard): every AWS endpoint of the configured runs is unreachable. */
const UNREACHABLE = "http://127.0.0.1:9";

/**
 * `dist/ops-agent serve` as a real deployment starts it: an ordinary settings file and a 2-account
 * registry, IAM mode, every endpoint unreachable (start-up must wait for none of them).
 */
function configuredServe(dir: string, binary = join(ROOT, "dist/ops-agent")): Target | undefined {
  if (!existsSync(binary)) return undefined;
  const settings = join(dir, "ops-agent.yaml");
  writeFileSync(
    settings,
    [
      "region: us-east-1",
      "accounts: accounts.yaml",
      "auth:",
      "  mode: iam",
      "  role_name: CentralOpsTargetRole",
      "mcp:",
      `  endpoint: ${UNREACHABLE}/mcp`,
      "  timeout_ms: 120000",
      "executor:",
      "  concurrency: 64",
      "model:",
      "  id: us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "server:",
      "  port: 8080",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "accounts.yaml"),
    [
      "accounts:",
      '  - { id: "222222222222", name: production, environment: production, regions: [us-east-1, eu-west-1], aliases: [prod] }',
      '  - { id: "333333333333", name: staging, environment: staging, regions: [us-east-1] }',
      "",
    ].join("\n"),
  );
  return {
    label: "dist/ops-agent serve, settings file + 2-account registry, IAM mode, endpoints unreachable",
    command: (p) => [binary, "serve", "--config", settings, "--host", "127.0.0.1", "--port", String(p)],
    env: {
      AWS_ENDPOINT_URL: UNREACHABLE,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "bench-secret-never-sent-anywhere-000000",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  };
}

/** Cold start only (`--cold`): the configured server beside python3 + boto3 with its STS and Bedrock clients. */
async function coldRows(dir: string, app: string): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT, "dist/ops-agent")))
    Bun.spawnSync(["npm", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "ignore" });
  const configured = configuredServe(dir);
  if (!configured) return [];
  const python: Target = {
    label: "python3 http.server + boto3 with STS and Bedrock clients",
    command: (p) => ["python3", app, String(p)],
    env: {
      BENCH_CLIENTS: UNREACHABLE,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "x",
    },
  };
  // OPS_AGENT_BASELINE_BINARY: an older build (e.g. the commit before a start-up change), same settings.
  const older = process.env.OPS_AGENT_BASELINE_BINARY;
  const before = older ? configuredServe(dir, older) : undefined;
  // Interleaved, so a load spike on this shared machine hits every target alike.
  const targets = [configured, python, ...(before ? [before] : [])];
  const times = targets.map(() => [] as number[]);
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [n, target] of targets.entries()) {
      const { ms, proc } = await coldStart(target);
      times[n]!.push(ms);
      await stop(proc);
    }
  }
  console.log(`ours: ${configured.label}\nbaseline: ${python.label}${older ? ` and ${older}` : ""}`);
  const [o, b] = [median(times[0]!), median(times[1]!)];
  const ms = (xs: number[]) => `${fmt(median(xs), "ms")} (min ${fmt(Math.min(...xs), "ms")})`;
  const rows: BenchRow[] = [
    {
      figure: `cold start, ${configured.label}, to first /ping 200 (median of ${COLD_RUNS}; lower is better)`,
      ours: ms(times[0]!),
      baseline: ms(times[1]!),
      ratio: `${ratio(o, b)} (${(b / o).toFixed(1)}× faster)`,
    },
  ];
  if (before) {
    const p = median(times[2]!);
    rows.push({
      figure: `the same cold start, this build vs ${older} (OPS_AGENT_BASELINE_BINARY); python3 baseline ${(b / p).toFixed(1)}× slower than that build`,
      ours: ms(times[0]!),
      baseline: ms(times[2]!),
      ratio: ratio(o, p),
    });
  }
  return rows;
}

export async function run(options: { coldOnly?: boolean } = {}): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-serve-"));
  const app = join(dir, "app.py");
  writeFileSync(app, PYTHON_APP);
  const python: Target = {
    label: "python3 http.server + boto3",
    command: (p) => ["python3", app, String(p)],
  };
  try {
    const cold = await coldRows(dir, app);
    if (options.coldOnly) return cold;
    return [...cold, ...(await compare(python, compiledChild(dir), await shippedServe()))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function compare(python: Target, ours: Target, shipped: Target | undefined): Promise<BenchRow[]> {
  const base = await measure(python);
  const server = await measure(ours);
  const rows: BenchRow[] = [];
  if (shipped) {
    const ms = await coldMedian(shipped);
    rows.push({
      figure: `cold start, ${shipped.label}, to first /ping 200 (median of ${RUNS}; lower is better)`,
      ours: fmt(ms, "ms"),
      baseline: fmt(base.coldMs, "ms"),
      ratio: ratio(ms, base.coldMs),
    });
    const { proc } = await coldStart(shipped);
    await Bun.sleep(1500); // the runtime (plugins, sandbox, SDK clients) is built by now
    const rss = rssMiB(proc.pid);
    await stop(proc);
    rows.push({
      figure: `RSS idle, ${shipped.label}, runtime built (lower is better)`,
      ours: fmt(rss, "MiB"),
      baseline: fmt(base.idle, "MiB"),
      ratio: ratio(rss, base.idle),
    });
  }
  console.log(
    `ours: ${ours.label}${shipped ? ` and ${shipped.label}` : " (ops-agent serve --sandbox did not stay up: no shipped-binary rows)"}\nbaseline: ${python.label}`,
  );
  rows.push(
    {
      figure: `cold start, compiled server, to first /ping 200 (median of ${RUNS}; lower is better)`,
      ours: fmt(server.coldMs, "ms"),
      baseline: fmt(base.coldMs, "ms"),
      ratio: ratio(server.coldMs, base.coldMs),
    },
    {
      figure: "RSS idle (lower is better)",
      ours: fmt(server.idle, "MiB"),
      baseline: fmt(base.idle, "MiB"),
      ratio: ratio(server.idle, base.idle),
    },
    {
      figure: `RSS with ${SESSIONS} concurrent sessions (lower is better)`,
      ours: fmt(server.busy, "MiB"),
      baseline: fmt(base.busy, "MiB"),
      ratio: ratio(server.busy, base.busy),
    },
    {
      figure: `/ping median latency while ${SESSIONS} invocations run (lower is better)`,
      ours: fmt(server.pingBusyMs, "ms"),
      baseline: fmt(base.pingBusyMs, "ms"),
      ratio: ratio(server.pingBusyMs, base.pingBusyMs),
    },
    {
      figure: `/ping slowest of ${PINGS} while ${SESSIONS} invocations run (lower is better)`,
      ours: fmt(server.pingBusyMaxMs, "ms"),
      baseline: fmt(base.pingBusyMaxMs, "ms"),
      ratio: ratio(server.pingBusyMaxMs, base.pingBusyMaxMs),
    },
    {
      figure: `invocations/s, fast fake agent, ${CONCURRENCY} concurrent (higher is better)`,
      ours: fmt(server.rps, "/s"),
      baseline: fmt(base.rps, "/s"),
      ratio: ratio(server.rps, base.rps),
    },
  );
  if (shipped) {
    const agentRps = await agentThroughput(shipped);
    rows.push({
      figure: `invocations/s, real agent loop (${shipped.label}; fake Bedrock, 2 turns + 1 sandbox MCP fan-out), ${AGENT_CONCURRENCY} concurrent, vs the python echo server (higher is better)`,
      ours: fmt(agentRps, "/s"),
      baseline: fmt(base.rps, "/s"),
      ratio: ratio(agentRps, base.rps),
    });
  }
  return rows;
}

/** First turn of a question: one fan-out tool use; after its tool result: the answer. */
function agentTurn(body: Record<string, unknown>): FakeStep {
  // Only the newest message counts: a session's history holds earlier tool results.
  const last = (body.messages as unknown[] | undefined)?.at(-1);
  if (JSON.stringify(last ?? {}).includes('"toolResult"'))
    return { reply: { content: [{ text: "production and staging run instances." }] } };
  const id = `t-${crypto.randomUUID()}`;
  const input = { accounts: ["production", "staging"], regions: ["us-east-1"] };
  return {
    reply: {
      content: [{ toolUse: { toolUseId: id, name: "ec2_describe_instances", input } }],
      stopReason: "tool_use",
    },
  };
}

/** `serve --sandbox` with a model named: the shipped agent loop against the fake Bedrock and the sandbox's MCP server. */
async function agentThroughput(shipped: Target): Promise<number> {
  const bedrock = startFakeBedrock([], agentTurn);
  const target: Target = {
    ...shipped,
    env: {
      OPS_AGENT_MODEL_ID: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "bench-secret-for-the-local-fake-bedrock",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  };
  const { proc, url } = await coldStart(target);
  try {
    await invoke(url, "warm up", "bench-agent-warmup-session-000000000000");
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: AGENT_CONCURRENCY }, async (_, w) => {
        while (next < AGENT_REQUESTS) {
          next++;
          await invoke(
            url,
            "which instances run in production and staging?",
            `bench-agent-${w}-${"z".repeat(30)}`,
          );
        }
      }),
    );
    const rps = AGENT_REQUESTS / ((performance.now() - t0) / 1000);
    const turns = bedrock.requests.length;
    if (turns < 2 * (AGENT_REQUESTS + 1))
      throw new Error(`expected two model turns per invocation, the fake saw ${turns}`);
    return rps;
  } finally {
    await stop(proc);
    bedrock.close();
  }
}

if (import.meta.main) {
  const i = process.argv.indexOf("--child");
  if (i >= 0) await child(Number(process.argv[i + 1]));
  else console.table(await run({ coldOnly: process.argv.includes("--cold") }));
}
