import type { Plan } from "./plan.ts";

/** The planner's account of itself: tool, accounts, regions, arguments, filters, counts, what it left out. */
export function explain(plan: Plan): string {
  const args = Object.entries(plan.args).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`,
  );
  const by = plan.aggregate?.by.map((b) => (typeof b === "string" ? b : b.label)) ?? [];
  const parts = [
    `Model-free planner (no model involved) chose the tool ${plan.tool}`,
    `accounts: ${plan.accounts.join(", ")}`,
    `regions: ${plan.regions.length > 0 ? plan.regions.join(", ") : "each account's regions"}`,
    ...(args.length > 0 ? [`arguments: ${args.join(" ")}`] : []),
    ...(plan.filters.length > 0
      ? [`filtered client-side: ${plan.filters.map((f) => f.label).join(", ")}`]
      : []),
    ...(plan.aggregate ? [`counted${by.length > 0 ? ` per ${by.join(" and ")}` : ""}`] : []),
    ...(plan.notes.length > 0 ? [`not applied: ${plan.notes.join("; ")}`] : []),
  ];
  return `${parts.join("; ")}.`;
}
