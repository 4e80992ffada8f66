import type { CallResult } from "../tools/types.ts";
import type { Plan } from "./plan.ts";
import { unitRecords, withItems } from "./run.ts";
import type { PostFilter } from "./states.ts";

/** Keeps the items that pass every client-side filter of the plan. */
export function applyPostFilter(plan: Pick<Plan, "filters">, result: CallResult): CallResult {
  if (plan.filters.length === 0) return result;
  const keep = (item: Record<string, unknown>) => plan.filters.every((f) => passes(item, f));
  return {
    ...result,
    results: result.results.map((u) => (u.ok ? withItems(u, unitRecords(u).filter(keep)) : u)),
  };
}

export function passes(item: Record<string, unknown>, f: PostFilter): boolean {
  return test(item, f) !== (f.negate === true);
}

function test(item: Record<string, unknown>, f: PostFilter): boolean {
  const v = item[f.field];
  const list = Array.isArray(v) ? v : [v];
  const empty = v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  switch (f.op) {
    case "eq":
      return list.some((x) => x === f.value);
    case "in":
      return list.some((x) => (f.value as unknown[]).includes(x));
    case "empty":
      return empty;
    case "present":
      return !empty;
    case "contains":
      return list.includes(f.value);
    case "prefix":
      return list.some((x) => typeof x === "string" && x.startsWith(String(f.value)));
    case "gt":
      return Number(v) > Number(f.value);
    case "lt-field":
      return Number(v) < Number(item[String(f.value)]);
    case "version-lt":
      return compareVersions(String(v ?? ""), String(f.value)) < 0;
  }
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a.split(".").map(Number), b.split(".").map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
