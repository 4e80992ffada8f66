import type { ResultsSettings } from "../config/types.ts";
import { quoteIdent } from "../results/columns.ts";
import { createResultStore } from "../results/store.ts";
import type { QueryResult } from "../results/types.ts";
import type { CallResult } from "../tools/types.ts";
import type { Plan } from "./plan.ts";

/** Counts of a plan's (filtered) items, computed with SQL over its result table. */
export interface Counts {
  sql: string;
  result: QueryResult;
}

/**
 * Stores the filtered result as a result table (`items`, units in `units`) and counts with one GROUP BY:
 * per account and region over the units that answered (zero rows included), per field over the items.
 * Returns the group the items have no field for when a field group cannot be applied.
 */
export async function countItems(
  plan: Plan,
  filtered: CallResult,
  settings: ResultsSettings,
): Promise<Counts | { ungroupable: string }> {
  const store = createResultStore({ maxBytes: settings.max_session_bytes });
  try {
    const info = store.add(filtered, { table: "items", units: "units" });
    const by = plan.aggregate?.by ?? [];
    const select: string[] = [];
    for (const b of by) {
      if (b === "account") select.push("a.account_name AS account");
      else if (b === "region") select.push("a.region AS region");
      else {
        const column = info.columns.find((c) => c.field !== undefined && b.fields.includes(c.field));
        if (!column) {
          if (info.rows > 0) return { ungroupable: b.label };
          select.push(`NULL AS ${quoteIdent(b.label.replace(/ /g, "_"))}`);
        } else select.push(`i.${quoteIdent(column.name)} AS ${quoteIdent(b.label.replace(/ /g, "_"))}`);
      }
    }
    const fieldGroups = by.some((b) => typeof b === "object");
    // One unit per account×region that answered (zero rows included through the LEFT JOIN).
    const places = "(SELECT account_id, account_name, region FROM units WHERE ok = 1) a";
    const join = "items i ON i.account_id = a.account_id AND i.region = a.region";
    const from = fieldGroups ? `${places} JOIN ${join}` : `${places} LEFT JOIN ${join}`;
    const groups = select.map((_, k) => String(k + 1));
    const sql =
      select.length === 0
        ? `SELECT COUNT(i.rowid) AS count FROM ${from}`
        : `SELECT ${select.join(", ")}, COUNT(i.rowid) AS count FROM ${from} GROUP BY ${groups.join(", ")} ORDER BY count DESC, ${groups.join(", ")}`;
    const result = await store.query(sql, {
      maxRows: settings.max_rows,
      timeoutMs: settings.query_timeout_ms,
      maxChars: 1_000_000,
    });
    return { sql, result };
  } finally {
    store.close();
  }
}
