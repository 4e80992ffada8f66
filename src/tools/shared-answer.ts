import { isObject } from "../_json.ts";
import type { OpsError } from "../errors.ts";
import { scriptFailure, splitRegions } from "./script-answer.ts";
import type { UnitData } from "./types.ts";

/**
 * Splits a shared script's value (`{v: 3, calls: [...]}`, src/plugins/shared-script.ts) into each
 * part's outcomes per region, as `splitRegions` does for one script: a part that raised
 * (`{failed}`) fails its regions only. A value of another shape (the whole script failed, or the
 * server answered something else) is judged for every part as a one-script answer.
 */
export function splitShared(
  value: unknown,
  text: string,
  regionsOf: string[][],
): Array<Map<string, UnitData | OpsError>> {
  const calls = isObject(value) && value.v === 3 && Array.isArray(value.calls) ? value.calls : undefined;
  if (!calls || calls.length !== regionsOf.length) return regionsOf.map((r) => splitRegions(value, text, r));
  return regionsOf.map((regions, i) => {
    const call = calls[i];
    if (isObject(call) && typeof call.failed === "string") {
      const error = scriptFailure(call.failed);
      return new Map(regions.map((r) => [r, error]));
    }
    return splitRegions(call, text, regions);
  });
}
