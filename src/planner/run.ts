import { unitItems } from "../tools/call-result.ts";
import type { CallResult, Executor, UnitResult } from "../tools/types.ts";
import type { Plan } from "./plan.ts";

/**
 * Runs a plan as one executor call. A tool that needs a parent (a cluster) and got none lists the
 * parents itself, in the same script (plugin `parent`): one script per account, not one per parent.
 */
export function runPlan(
  plan: Plan,
  executor: Pick<Executor, "invoke">,
  signal?: AbortSignal,
): Promise<CallResult> {
  return executor.invoke(
    plan.tool,
    { ...plan.args, accounts: plan.accounts, regions: plan.regions },
    { signal },
  );
}

/** The unit's items as records (every plugin tool answers objects). */
export const unitRecords = (unit: UnitResult) => unitItems(unit) as Array<Record<string, unknown>>;

export function withItems(unit: UnitResult, items: Array<Record<string, unknown>>): UnitResult {
  return unit.ok ? { ...unit, data: { ...unit.data, items } } : unit;
}
