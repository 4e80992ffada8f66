/**
 * Per-call cost of a signed MCP tool call (our pool: SDK client, SigV4 signing, `_meta` injection,
 * token bucket, buffering) against a local fake AWS MCP Server whose tool does nothing, beside two
 * baselines measured in the same run: an unsigned raw `fetch` of the same JSON-RPC request on the same
 * session kind (the floor), and a fresh process per call as the seed does it (`python3 -c 'import
 * botocore'`, a lower bound of `uvx mcp-proxy-for-aws` start-up). The server skips signature checks so
 * both clients meet the same server work.
 */
import { spawnSync } from "node:child_process";
import { defaultSettings } from "../src/config/schema.ts";
import type { McpSettings } from "../src/config/types.ts";
import { createMcpPool } from "../src/mcp/pool.ts";
import { startFakeMcpServer } from "../test/fakes/mcp-server.ts";
import { createStaticCredentials } from "../test/helpers/static-credentials.ts";
import type { BenchRow } from "./run.ts";

const CALLS = 2000;
const WARMUP = 200;
const SPAWNS = 10;
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => String(200000000000 + i));
const REQUEST = { name: "noop", arguments: { code: "return 1" } };

interface Stats {
  p50: number;
  p99: number;
  perSecond: number;
}

function stats(latencies: number[], wallMs: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), perSecond: (latencies.length / wallMs) * 1000 };
}

/** `workers` concurrent loops, each making `calls / workers` sequential calls. */
async function measure(
  workers: number,
  calls: number,
  call: (worker: number) => Promise<unknown>,
): Promise<Stats> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < calls / workers; i++) {
        const t = performance.now();
        await call(w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return stats(latencies, performance.now() - started);
}

/** The floor: one hand-made session per account, then bare POSTs of the same JSON-RPC body. */
async function rawSession(url: string) {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  const init = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    }),
  });
  const session = init.headers.get("mcp-session-id")!;
  await init.text();
  const sessionHeaders = { ...headers, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
  const ack = await fetch(url, {
    method: "POST",
    headers: sessionHeaders,
    body: '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  });
  await ack.text();
  let id = 1;
  return async () => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: id++,
      method: "tools/call",
      params: { ...REQUEST, _meta: { AWS_REGION: "us-east-1" } },
    });
    const response = await fetch(url, { method: "POST", headers: sessionHeaders, body });
    const message = (await response.json()) as { result?: unknown };
    if (!message.result) throw new Error(`raw call failed: ${JSON.stringify(message)}`);
  };
}

function spawnBaseline(): Stats | undefined {
  if (spawnSync("python3", ["-c", "import botocore"]).status !== 0) return undefined;
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SPAWNS; i++) {
    const t = performance.now();
    spawnSync("python3", ["-c", "import botocore"]);
    latencies.push(performance.now() - t);
  }
  return stats(latencies, performance.now() - started);
}

const ms = (n: number) => `${n.toFixed(3)} ms`;
const rate = (n: number) => `${Math.round(n)}/s`;
const times = (n: number) => `${n.toFixed(2)}×`;

export async function run(): Promise<BenchRow[]> {
  const keys = Object.fromEntries(
    ACCOUNTS.map((id, i) => [
      `AKIABENCH${String(i).padStart(11, "0")}`,
      { secretAccessKey: `bench/${id}/secret`, accountId: id },
    ]),
  );
  const server = await startFakeMcpServer({
    mode: "json",
    verify: false,
    keys,
    tools: { noop: () => ({ content: [{ type: "text", text: "{}" }] }) },
  });
  const credentials = createStaticCredentials(
    Object.fromEntries(
      Object.entries(keys).map(([accessKeyId, k]) => [
        k.accountId,
        { accessKeyId, secretAccessKey: k.secretAccessKey, sessionToken: "bench-token" },
      ]),
    ),
  );
  const settings: McpSettings = {
    ...defaultSettings.mcp,
    endpoint: server.url,
    timeout_ms: 10_000,
    max_retries: 0,
    retry_budget_ms: 1000,
    rate_per_account: 1_000_000, // measure the client, not the pacing
    script_tool: "noop",
  };
  const pool = createMcpPool({ settings, credentials });
  const ours = (w: number) =>
    pool.callTool(REQUEST.name, REQUEST.arguments, {
      accountId: ACCOUNTS[w % ACCOUNTS.length]!,
      region: "us-east-1",
    });
  const raws = await Promise.all(ACCOUNTS.map(() => rawSession(server.url)));
  const raw = (w: number) => raws[w % raws.length]!();
  try {
    await measure(10, WARMUP, ours);
    await measure(10, WARMUP, raw);
    const ours1 = await measure(1, CALLS, ours);
    const raw1 = await measure(1, CALLS, raw);
    const ours10 = await measure(10, CALLS, ours);
    const raw10 = await measure(10, CALLS, raw);
    const spawn = spawnBaseline();
    const rows: BenchRow[] = [
      {
        figure: "p50 per call, 1 account (vs unsigned raw fetch)",
        ours: ms(ours1.p50),
        baseline: ms(raw1.p50),
        ratio: times(ours1.p50 / raw1.p50),
      },
      {
        figure: "p99 per call, 1 account (vs unsigned raw fetch)",
        ours: ms(ours1.p99),
        baseline: ms(raw1.p99),
        ratio: times(ours1.p99 / raw1.p99),
      },
      {
        figure: "calls/s, 1 account sequential (vs raw)",
        ours: rate(ours1.perSecond),
        baseline: rate(raw1.perSecond),
        ratio: times(ours1.perSecond / raw1.perSecond),
      },
      {
        figure: "p50 per call, 10 accounts concurrent (vs raw)",
        ours: ms(ours10.p50),
        baseline: ms(raw10.p50),
        ratio: times(ours10.p50 / raw10.p50),
      },
      {
        figure: "p99 per call, 10 accounts concurrent (vs raw)",
        ours: ms(ours10.p99),
        baseline: ms(raw10.p99),
        ratio: times(ours10.p99 / raw10.p99),
      },
      {
        figure: "calls/s, 10 accounts concurrent (vs raw)",
        ours: rate(ours10.perSecond),
        baseline: rate(raw10.perSecond),
        ratio: times(ours10.perSecond / raw10.perSecond),
      },
    ];
    rows.push(
      spawn
        ? {
            figure:
              "p50 per call vs a process per call (python3 -c 'import botocore'; baseline/ours = speed-up)",
            ours: ms(ours1.p50),
            baseline: ms(spawn.p50),
            ratio: times(spawn.p50 / ours1.p50),
          }
        : {
            figure: "process-per-call baseline",
            ours: ms(ours1.p50),
            baseline: "skipped: python3 with botocore missing",
            ratio: "n/a",
          },
    );
    return rows;
  } finally {
    await pool.close();
    await server.close();
  }
}

if (import.meta.main) console.table(await run());
