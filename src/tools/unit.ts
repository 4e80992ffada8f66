import { OpsError } from "../errors.ts";
import type { McpPool } from "../mcp/types.ts";
import { classifyAwsText } from "./classify.ts";
import type { Unit } from "./select.ts";
import type { ScriptResult } from "./types.ts";

export interface UnitRun {
  mcp: McpPool;
  scriptTool: string;
  timeoutMs: number;
  /** The caller's signal (request cancelled, client went away). */
  signal?: AbortSignal;
}

/**
 * Runs one generated script in one account and region. The per-unit timeout and the caller's
 * signal both abort the MCP call; whichever fired decides the error (E_TIMEOUT or E_CANCELLED).
 */
export async function runUnit(unit: Unit, code: string, run: UnitRun): Promise<ScriptResult> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), run.timeoutMs);
  const signal = run.signal ? AbortSignal.any([run.signal, timeout.signal]) : timeout.signal;
  const aborted = () =>
    timeout.signal.aborted
      ? new OpsError(
          "E_TIMEOUT",
          `no answer from ${unit.account.name} in ${unit.region} within ${run.timeoutMs} ms`,
          {
            retryable: true,
          },
        )
      : new OpsError("E_CANCELLED", "the call was cancelled");
  try {
    if (signal.aborted) throw aborted();
    // The race guarantees the timeout even if a transport ignores the signal.
    const stop = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(aborted()), { once: true });
    });
    const call = run.mcp.callTool(
      run.scriptTool,
      { code },
      { accountId: unit.account.id, region: unit.region, signal },
    );
    const output = await Promise.race([call, stop]).catch((error: unknown) => {
      throw signal.aborted ? aborted() : error;
    });
    return toScriptResult(output.value, output.text);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks the script's return value; an AWS error reported as a value is classified by its text. */
export function toScriptResult(value: unknown, text: string): ScriptResult {
  if (value && typeof value === "object" && Array.isArray((value as ScriptResult).items)) {
    const v = value as ScriptResult;
    return {
      items: v.items,
      truncated: v.truncated === true,
      ...(typeof v.next_token === "string" ? { next_token: v.next_token } : {}),
    };
  }
  const message =
    value && typeof value === "object" && typeof (value as { error?: unknown }).error === "string"
      ? (value as { error: string }).error
      : text || JSON.stringify(value);
  const aws = classifyAwsText(message);
  if (aws) throw new OpsError(aws.code, message, { retryable: aws.retryable });
  throw new OpsError("E_MCP_PROTOCOL", `the script returned an unexpected value: ${message.slice(0, 300)}`);
}
