import { raceAbort, sleep } from "../_async.ts";
import type { Account } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { McpPool } from "../mcp/types.ts";
import { findTask, splitRegions, unwrapEnvelope } from "./script-answer.ts";
import type { UnitData } from "./types.ts";

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

/** How the server wrapped a script's answer: the bare value, a `{status, return_value}` envelope, or a task polled to its end. */
export type AnswerShape = "bare" | "envelope" | "task";

/** A script's own value, once the server's envelope is off (and its task, if any, is done). */
export interface ScriptAnswer {
  value: unknown;
  /** The server's text of the last answer, quoted in protocol errors. */
  text: string;
  shape: AnswerShape;
}

/**
 * Runs one script in one account (the MCP request in `region`) and returns its value: unwrapped from
 * the server's envelope, a task polled with `aws___get_tasks` until done. The timeout and the caller's
 * signal both abort the MCP call; whichever fired decides the error (E_TIMEOUT or E_CANCELLED).
 */
export async function runScriptAnswer(
  account: Account,
  region: string,
  code: string,
  run: ScriptRun,
  where: string = region,
): Promise<ScriptAnswer> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), run.timeoutMs);
  const signal = run.signal ? AbortSignal.any([run.signal, timeout.signal]) : timeout.signal;
  const aborted = () =>
    timeout.signal.aborted
      ? new OpsError("E_TIMEOUT", `no answer from ${account.name} in ${where} within ${run.timeoutMs} ms`, {
          retryable: true,
        })
      : new OpsError("E_CANCELLED", "the call was cancelled");
  const call = async (mcpTool: string, args: Record<string, unknown>) => {
    if (signal.aborted) throw aborted();
    const pending = run.mcp.callTool(mcpTool, args, { accountId: account.id, region, signal });
    // The race guarantees the timeout even if a transport ignores the signal.
    return raceAbort(pending, signal, aborted).catch((error: unknown) => {
      throw signal.aborted ? aborted() : error;
    });
  };
  try {
    const output = await call(run.scriptTool, { code });
    let unwrapped = unwrapEnvelope(output.value);
    let text = output.text;
    let shape: AnswerShape = "value" in unwrapped && unwrapped.value === output.value ? "bare" : "envelope";
    while ("task" in unwrapped) {
      shape = "task";
      const id = unwrapped.task;
      await sleep(run.pollMs ?? 1000, signal).catch(() => {
        throw aborted();
      });
      const polled = await call(run.taskTool ?? "aws___get_tasks", { task_id: id });
      unwrapped = unwrapEnvelope(findTask(polled.value, id));
      text = polled.text;
    }
    return { value: unwrapped.value, text, shape };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one generated script in one account over `regions` and splits the answer into one outcome per
 * region; a whole-script failure (timeout, cancellation, MCP error) is thrown, every region's failure.
 */
export async function runScript(
  account: Account,
  regions: string[],
  code: string,
  run: ScriptRun,
): Promise<Map<string, UnitData | OpsError>> {
  const where = regions.length === 1 ? regions[0]! : `${regions.length} regions`;
  const { value, text } = await runScriptAnswer(account, regions[0]!, code, run, where);
  return splitRegions(value, text, regions);
}

/** One account and one region: the region's result, or its error thrown. */
export async function runUnit(
  unit: { account: Account; region: string },
  code: string,
  run: ScriptRun,
): Promise<UnitData> {
  const outcome = (await runScript(unit.account, [unit.region], code, run)).get(unit.region);
  if (outcome === undefined || outcome instanceof OpsError) throw outcome;
  return outcome;
}
