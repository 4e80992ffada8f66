/**
 * Tracing cost. With tracing off (the default) the OpenTelemetry SDK is never loaded, so cold start and
 * idle memory must not move: `dist/ops-agent serve` (container conditions: no config, a region, no
 * metadata service) to its first /ping 200 and its RSS after start-up, off vs on, and off vs the build
 * named by OPS_AGENT_BASELINE_BINARY (e.g. one built from the commit before tracing landed;
 * OPS_AGENT_BINARY replaces dist/ops-agent, OPS_AGENT_BENCH_RUNS the number of starts). With
 * tracing on: the overhead of one tool call over 10 accounts through the real executor, MCP pool and
 * SigV4 signing against the in-process fake MCP server, spans exported to a local OTLP receiver.
 * Run: `npx bun bench/telemetry.ts`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../src/log.ts";
import { readTelemetryConfig } from "../src/telemetry/config.ts";
import { startTelemetry, stopTelemetry } from "../src/telemetry/index.ts";
import { startOtlpReceiver } from "../test/fakes/otlp-receiver.ts";
import { account } from "../test/fixtures/call/org.ts";
import { startHarness } from "../test/helpers/call-harness.ts";
import type { BenchRow } from "./run.ts";

const ROOT = join(import.meta.dir, "..");
const RUNS = Number(process.env.OPS_AGENT_BENCH_RUNS) || 15;
const CALLS = 40;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, unit: string) => `${n >= 100 ? n.toFixed(0) : n.toFixed(2)} ${unit}`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

/** ms from spawn to the first /ping 200, and RSS (MiB) once start-up work (plugins, SDK clients) is done. */
async function startOnce(binary: string, env: Record<string, string>, dir: string) {
  const port = freePort();
  const started = performance.now();
  const proc = Bun.spawn([binary, "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
    stdout: "ignore",
    stderr: "ignore",
  });
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`${binary} exited with ${proc.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/ping`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 30_000) throw new Error("no /ping within 30 s");
      await Bun.sleep(2);
    }
    const ms = performance.now() - started;
    await Bun.sleep(1500);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))?.[1]);
    return { ms, rss: kb / 1024 };
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
  }
}

/** Interleaved runs of every target (so machine load drifts evenly over them); medians per target. */
async function startup(targets: Array<{ binary: string; env: Record<string, string> }>) {
  const dir = mkdtempSync(join(tmpdir(), "bench-otel-"));
  const ms = targets.map(() => [] as number[]);
  const rss = targets.map(() => [] as number[]);
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [t, target] of targets.entries()) {
        const r = await startOnce(target.binary, target.env, dir);
        ms[t]!.push(r.ms);
        rss[t]!.push(r.rss);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The minimum is the start-up cost itself; the median adds whatever else the machine was doing.
  return targets.map((_, t) => ({ ms: median(ms[t]!), min: Math.min(...ms[t]!), rss: median(rss[t]!) }));
}

/** Median ms of one 10-account tool call, tracing on or off (a fresh harness: fetch stacks are built traced). */
async function perCall(traced: boolean, receiverUrl: string): Promise<number> {
  if (traced)
    await startTelemetry(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl }), silentLogger);
  const h = await startHarness({ accounts: Array.from({ length: 10 }, (_, i) => account(i + 1)) });
  try {
    const call = () =>
      h.executor.invoke(
        "ec2_describe_instances",
        { states: ["running"], accounts: "all" },
        { noCache: true },
      );
    for (let i = 0; i < 5; i++) await call(); // warm sessions and JIT
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      const result = await call();
      times.push(performance.now() - t);
      if (result.summary.failed > 0) throw new Error("bench call failed");
    }
    return median(times);
  } finally {
    await h.close();
    if (traced) await stopTelemetry();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const receiver = startOtlpReceiver();
  try {
    const off = await perCall(false, receiver.url);
    const on = await perCall(true, receiver.url);
    const spansPerCall = receiver.spans.length / (CALLS + 5);
    rows.push({
      figure: `one tool call over 10 accounts (fake MCP server, no latency), tracing on (${spansPerCall.toFixed(0)} spans exported per call) vs off; median of ${CALLS}`,
      ours: fmt(on, "ms"),
      baseline: fmt(off, "ms"),
      ratio: `${ratio(on, off)} (+${fmt((on - off) / 10, "ms")} per unit)`,
    });
    const binary = process.env.OPS_AGENT_BINARY ?? join(ROOT, "dist/ops-agent");
    if (!existsSync(binary))
      Bun.spawnSync(["npm", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "ignore" });
    const baseline = process.env.OPS_AGENT_BASELINE_BINARY;
    const targets: Array<{ binary: string; env: Record<string, string> }> = [
      { binary, env: {} },
      { binary, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } },
      ...(baseline ? [{ binary: baseline, env: {} }] : []),
    ];
    const [tracingOff, tracingOn, before] = await startup(targets);
    const label = `median (min) of ${RUNS}, interleaved`;
    const cold = (r: { ms: number; min: number }) => `${fmt(r.ms, "ms")} (${fmt(r.min, "ms")})`;
    if (before) {
      rows.push(
        {
          figure: `cold start to first /ping 200, tracing off vs the build before tracing (${label})`,
          ours: cold(tracingOff!),
          baseline: cold(before),
          ratio: `${ratio(tracingOff!.ms, before.ms)} (${ratio(tracingOff!.min, before.min)})`,
        },
        {
          figure: "idle RSS after start-up, tracing off vs the build before tracing",
          ours: fmt(tracingOff!.rss, "MiB"),
          baseline: fmt(before.rss, "MiB"),
          ratio: ratio(tracingOff!.rss, before.rss),
        },
      );
    }
    rows.push(
      {
        figure: `cold start to first /ping 200, tracing on vs off (${label})`,
        ours: cold(tracingOn!),
        baseline: cold(tracingOff!),
        ratio: `${ratio(tracingOn!.ms, tracingOff!.ms)} (${ratio(tracingOn!.min, tracingOff!.min)})`,
      },
      {
        figure: "idle RSS after start-up, tracing on vs off",
        ours: fmt(tracingOn!.rss, "MiB"),
        baseline: fmt(tracingOff!.rss, "MiB"),
        ratio: ratio(tracingOn!.rss, tracingOff!.rss),
      },
    );
    return rows;
  } finally {
    receiver.stop();
  }
}

if (import.meta.main) console.table(await run());
