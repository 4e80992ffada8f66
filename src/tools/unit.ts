import type { Account } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { McpPool } from "../mcp/types.ts";
import { findTask, splitRegions, unwrapEnvelope } from "./script-answer.ts";
import type { ScriptResult } from "./types.ts";

export interface ScriptRun {
  mcp: McpPool;
  /** The server's script tool (`aws___run_script`). */
  scriptTool: string;
  /** The server's task tool, polled when a script answers with a task id; `aws___get_tasks` by default. */
  taskTool?: string;
  /** Whole script, quota waits and task polling included. */
  timeoutMs: number;
  /** Wait between two task polls; 1000 ms by default. */
  pollMs?: number;
  /** The caller's signal (request cancelled, client went away). */
  signal?: AbortSignal;
}

/**
 * Runs one generated script in one account over `regions` and splits the answer into one outcome per
 * region. The timeout and the caller's signal both abort the MCP call; whichever fired decides the
 * error (E_TIMEOUT or E_CANCELLED), and a whole-script failure is every region's failure.
 */
export async function runScript(
  account: Account,
  regions: string[],
  code: string,
  run: ScriptRun,
): Promise<Map<string, ScriptResult | OpsError>> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), run.timeoutMs);
  const signal = run.signal ? AbortSignal.any([run.signal, timeout.signal]) : timeout.signal;
  const where = regions.length === 1 ? regions[0] : `${regions.length} regions`;
  const aborted = () =>
    timeout.signal.aborted
      ? new OpsError("E_TIMEOUT", `no answer from ${account.name} in ${where} within ${run.timeoutMs} ms`, {
          retryable: true,
        })
      : new OpsError("E_CANCELLED", "the call was cancelled");
  // The race guarantees the timeout even if a transport ignores the signal.
  const stop = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(aborted()), { once: true });
  });
  stop.catch(() => {});
  const call = async (tool: string, args: Record<string, unknown>) => {
    if (signal.aborted) throw aborted();
    const pending = run.mcp.callTool(tool, args, { accountId: account.id, region: regions[0]!, signal });
    return Promise.race([pending, stop]).catch((error: unknown) => {
      throw signal.aborted ? aborted() : error;
    });
  };
  try {
    const output = await call(run.scriptTool, { code });
    let unwrapped = unwrapEnvelope(output.value);
    let text = output.text;
    while ("task" in unwrapped) {
      const id = unwrapped.task;
      await Promise.race([Bun.sleep(run.pollMs ?? 1000), stop]);
      const polled = await call(run.taskTool ?? "aws___get_tasks", { task_id: id });
      unwrapped = unwrapEnvelope(findTask(polled.value, id));
      text = polled.text;
    }
    return splitRegions(unwrapped.value, text, regions);
  } finally {
    clearTimeout(timer);
  }
}

/** One account and one region: the region's result, or its error thrown. */
export async function runUnit(
  unit: { account: Account; region: string },
  code: string,
  run: ScriptRun,
): Promise<ScriptResult> {
  const outcome = (await runScript(unit.account, [unit.region], code, run)).get(unit.region);
  if (outcome === undefined || outcome instanceof OpsError) throw outcome;
  return outcome;
}
