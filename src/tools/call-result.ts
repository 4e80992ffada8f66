import { itemsOf } from "../_json.ts";
import type { CallResult, CallStatus, UnitResult } from "./types.ts";

/** The items one unit returned; none for a failed unit. */
export function unitItems(unit: UnitResult): unknown[] {
  return itemsOf(unit.data);
}

/** `ok` when every unit answered, `failed` when none did, else `partial`. The one place "failed" is derived. */
export function callStatus(results: UnitResult[]): CallStatus {
  const ok = results.filter((r) => r.ok).length;
  if (ok === results.length) return "ok";
  return ok === 0 ? "failed" : "partial";
}

/** Builds the call envelope (status and summary) from its unit results. */
export function toCallResult(
  tool: string,
  args: Record<string, unknown>,
  results: UnitResult[],
  duration_ms: number,
): CallResult {
  const ok = results.filter((r) => r.ok).length;
  return {
    tool,
    args,
    results,
    status: callStatus(results),
    summary: { units: results.length, ok, failed: results.length - ok, duration_ms: Math.round(duration_ms) },
  };
}
