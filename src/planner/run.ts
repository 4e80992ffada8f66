import { toCallResult, unitItems } from "../tools/call-result.ts";
import type { CallResult, Executor, UnitResult } from "../tools/types.ts";
import type { Plan } from "./plan.ts";

/** Runs a plan through the executor; a plan that needs a cluster lists the clusters first, then asks each. */
export async function runPlan(
  plan: Plan,
  executor: Pick<Executor, "invoke">,
  signal?: AbortSignal,
): Promise<CallResult> {
  const targets = { accounts: plan.accounts, regions: plan.regions };
  if (!plan.expand) return executor.invoke(plan.tool, { ...plan.args, ...targets }, { signal });
  const started = performance.now();
  const { arg, from, field } = plan.expand;
  const parents = await executor.invoke(from, targets, { signal });
  const children = await Promise.all(
    parents.results.map(async (unit): Promise<UnitResult[]> => {
      const names = unit.ok ? unitRecords(unit).map((i) => String(i[field])) : [];
      if (!unit.ok || names.length === 0) return [unit];
      const calls = names.map(async (name) => {
        const args = { ...plan.args, [arg]: name };
        const r = await executor.invoke(
          plan.tool,
          { ...args, accounts: [unit.account_id], regions: [unit.region] },
          { signal },
        );
        return r.results.map((u) =>
          withItems(
            u,
            unitRecords(u).map((i) => ({ [arg]: name, ...i })),
          ),
        );
      });
      return (await Promise.all(calls)).flat();
    }),
  );
  return toCallResult(plan.tool, plan.args, children.flat(), performance.now() - started);
}

/** The unit's items as records (every plugin tool answers objects). */
export const unitRecords = (unit: UnitResult) => unitItems(unit) as Array<Record<string, unknown>>;

export function withItems(unit: UnitResult, items: Array<Record<string, unknown>>): UnitResult {
  return unit.ok ? { ...unit, data: { ...unit.data, items } } : unit;
}
