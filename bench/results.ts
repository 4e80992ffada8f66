/**
 * Result tables: 50,000 rows (500 accounts × 2 regions × 50 instances, 10 units failing; synthetic unit
 * results shaped like ec2_describe_instances, nested tags included — the large sandbox organization is not
 * available here). Figures: insert time, one GROUP BY through query_results' child process, database size and
 * memory; and the characters the model receives to answer "how many instances does each account have?"
 * with tables (summary + one query) versus today's truncated dump. Baselines measured in the same run.
 */
import { toolResultBlock } from "../src/agent/tool-result.ts";
import { defaultSettings } from "../src/config/schema.ts";
import { createResultStore } from "../src/results/store.ts";
import { runQueryResults } from "../src/results/tool.ts";
import type { CallResult, UnitResult } from "../src/tools/types.ts";
import { fitToolResult } from "./baseline-truncate.ts";
import type { BenchRow } from "./run.ts";

const ACCOUNTS = 500;
const REGIONS = ["us-east-1", "eu-west-1"];
const PER_UNIT = 50;
const FAILED_EVERY = 50; // accounts 0, 50, 100, … also have a third region that fails: 10 failed units

function syntheticCall(): CallResult {
  const results: UnitResult[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    for (const region of a % FAILED_EVERY === 0 ? [...REGIONS, "ap-south-1"] : REGIONS) {
      const base = {
        account_id: String(100000000000 + a),
        account_name: `acct-${a}`,
        region,
        duration_ms: 900,
      };
      if (region === "ap-south-1") {
        results.push({
          ...base,
          ok: false,
          error: { code: "E_AWS_ACCESS_DENIED", message: "explicit deny in an SCP", retryable: false },
        });
        continue;
      }
      const items = Array.from({ length: PER_UNIT }, (_, i) => ({
        id: `i-${a.toString(16).padStart(8, "0")}${i.toString(16).padStart(9, "0")}`,
        name: `app-${i % 7}-${i}`,
        type: ["t3.micro", "m6i.large", "c6i.xlarge"][i % 3],
        state: i % 5 === 0 ? "stopped" : "running",
        private_ip: `10.${a % 256}.${i}.${i % 250}`,
        public_ip: null,
        az: `${region}${"abc"[i % 3]}`,
        launch_time: "2026-10-03T07:30:00Z",
        vpc_id: `vpc-${a.toString(16).padStart(8, "0")}`,
        tags: [
          { Key: "team", Value: `t${i % 4}` },
          { Key: "env", Value: "prod" },
        ],
      }));
      results.push({ ...base, ok: true, data: { items, truncated: false } });
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  return {
    tool: "ec2_describe_instances",
    args: {},
    results,
    status: "partial",
    summary: { units: results.length, ok: results.length - failed, failed, duration_ms: 0 },
  };
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** Accounts whose count the model could read exactly off the truncated dump (no unit of theirs cut). */
function exactAccountsInDump(json: unknown): number {
  const results = (
    json as
      | undefined
      | {
          results?: Array<{
            account_id: string;
            ok: boolean;
            data?: { truncated?: boolean; omitted?: number };
          }>;
        }
  )?.results;
  if (!results) return 0; // cut text: nothing countable
  const cut = new Set(results.filter((r) => (r.data?.omitted ?? 0) > 0).map((r) => r.account_id));
  return new Set(results.filter((r) => !cut.has(r.account_id)).map((r) => r.account_id)).size;
}

export async function run(): Promise<BenchRow[]> {
  const settings = defaultSettings.results;
  const maxChars = defaultSettings.model.tool_result_max_chars;
  const call = syntheticCall();
  const rows = call.results.reduce((s, u) => s + (u.ok ? u.data.items.length : 0), 0);

  Bun.gc(true);
  const rss0 = process.memoryUsage().rss;
  const store = createResultStore({ maxBytes: 512 * 2 ** 20 });
  let t = performance.now();
  const info = store.add(call);
  const insertMs = performance.now() - t;
  const rss1 = process.memoryUsage().rss;
  Bun.gc(true);
  const rss2 = process.memoryUsage().rss;
  t = performance.now();
  const json = JSON.stringify(call);
  const stringifyMs = performance.now() - t;

  const sql = `SELECT account_name, count(*) AS n FROM ${info.name} GROUP BY 1 ORDER BY n DESC`;
  await runQueryResults(store, { sql: "SELECT 1" }, settings, maxChars); // warm the child's start-up
  const times: number[] = [];
  let grouped = await runQueryResults(store, { sql }, settings, maxChars);
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    grouped = await runQueryResults(store, { sql }, settings, maxChars);
    times.push(performance.now() - t);
  }
  const groupMs = times.sort((a, b) => a - b)[2]!;
  t = performance.now();
  const counts = new Map<string, number>();
  for (const u of call.results)
    if (u.ok) counts.set(u.account_name, (counts.get(u.account_name) ?? 0) + u.data.items.length);
  const jsGroupMs = performance.now() - t;

  // "How many instances does each account have?" — what reaches the model.
  const summary = JSON.stringify(toolResultBlock(call, info, maxChars, settings.preview_rows).json);
  const perAccount = JSON.parse(summary).rows_per_account as { rows: unknown[]; omitted?: number };
  const sqlAnswer = JSON.stringify(grouped.view);
  const dump = fitToolResult(call, maxChars);
  const dumpChars = dump.text?.length ?? JSON.stringify(dump.json).length;
  const dumpExact = exactAccountsInDump(dump.json);
  const bytes = store.bytes();
  store.close();

  return [
    {
      figure: `insert ${rows.toLocaleString("en")} rows (${call.results.length} units)`,
      ours: ms(insertMs),
      baseline: `JSON.stringify of the envelope: ${ms(stringifyMs)}`,
      ratio: `${(insertMs / stringifyMs).toFixed(1)}×`,
    },
    {
      figure: "GROUP BY account, median of 5 (query_results: serialize + child process + query)",
      ours: ms(groupMs),
      baseline: `JS loop in-process: ${jsGroupMs.toFixed(1)} ms`,
      ratio: `${(groupMs / Math.max(jsGroupMs, 0.1)).toFixed(0)}×`,
    },
    {
      figure: "database size / RSS growth while inserting",
      ours: `${mib(bytes)} / ${mib(rss1 - rss0)} (${mib(rss2 - rss0)} after GC)`,
      baseline: `JSON envelope: ${mib(json.length)}`,
      ratio: `${(bytes / json.length).toFixed(2)}×`,
    },
    {
      figure: `chars to the model, "count per account": summary`,
      ours: `${summary.length.toLocaleString("en")} (${perAccount.rows.length} of ${ACCOUNTS} accounts listed${perAccount.omitted ? `, ${perAccount.omitted} omitted` : ""}, failures named)`,
      baseline: `truncated dump: ${dumpChars.toLocaleString("en")} chars, exact counts for ${dumpExact} of ${ACCOUNTS} accounts`,
      ratio: `${(summary.length / dumpChars).toFixed(2)}×`,
    },
    {
      figure: "chars of the GROUP BY answer (row cap stated)",
      ours: `${sqlAnswer.length.toLocaleString("en")} (${grouped.result.rows.length} rows, cap ${grouped.result.row_cap}, truncated=${grouped.result.truncated})`,
      baseline: `all ${counts.size} per-account counts as JSON: ${JSON.stringify([...counts]).length.toLocaleString("en")}`,
      ratio: "",
    },
  ];
}

if (import.meta.main) console.table(await run());
