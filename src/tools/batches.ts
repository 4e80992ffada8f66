import type { Account } from "../config/types.ts";
import type { Unit } from "./select.ts";

/** One script: an account and the regions it answers (all of the account's, or one). */
export interface Batch {
  account: Account;
  regions: string[];
  /** A global listing's one script for `regions: all` (no region filter; items keep their region). */
  allRegions?: boolean;
}

/**
 * Groups units into scripts. `account`: one script per account covering its regions in order (each
 * request costs quota, and a script takes seconds); `unit`: one script per account×region. A global
 * listing's `regions: all` unit is a script of its own.
 */
export function planBatches(units: Unit[], mode: "account" | "unit"): Batch[] {
  const batches: Batch[] = [];
  const byAccount = new Map<string, Batch>();
  for (const { account, region, allRegions } of units) {
    if (allRegions) batches.push({ account, regions: [region], allRegions });
    else if (mode === "unit") batches.push({ account, regions: [region] });
    else {
      const batch = byAccount.get(account.id);
      if (batch) batch.regions.push(region);
      else {
        const created = { account, regions: [region] };
        byAccount.set(account.id, created);
        batches.push(created);
      }
    }
  }
  return batches;
}

/** The key of a batch's script: batches with the same regions (and kind) share one rendering. */
export const scriptKey = (batch: Batch) => `${batch.regions.join(",")}${batch.allRegions ? "|all" : ""}`;
