import type { Database } from "bun:sqlite";
import { unitItems } from "../tools/call-result.ts";
import type { CallResult, NotFound } from "../tools/types.ts";
import { type Column, cellOf, declaredType, inferColumns, quoteIdent, UNIT_COLUMNS } from "./columns.ts";
import type { TableInfo } from "./types.ts";

/** Checks the byte bound every this many rows. */
const CHECK_EVERY = 200;

export interface InsertOptions {
  /** Called while rows go in: false stops the insert (the database is over its byte bound). */
  roomLeft: () => boolean;
}

/** Creates and fills the two tables of one call in one transaction; returns what the summary needs. */
export function insertCall(
  db: Database,
  call: CallResult,
  names: { table: string; units: string },
  options: InsertOptions,
): TableInfo {
  const columns: Column[] = inferColumns(call.results.flatMap(unitItems));
  const table = quoteIdent(names.table);
  const units = quoteIdent(names.units);
  const defs = [
    ...UNIT_COLUMNS.map((c) => `${c} TEXT`),
    ...columns.map((c) => `${quoteIdent(c.name)} ${declaredType(c.type)}`),
  ];
  let stored = 0;
  let rows = 0;
  db.transaction(() => {
    db.run(`CREATE TABLE ${table} (${defs.join(", ")})`);
    db.run(
      `CREATE TABLE ${units} (account_id TEXT, account_name TEXT, region TEXT, ok INTEGER, error_code TEXT, ` +
        "error_message TEXT, rows INTEGER, truncated INTEGER, cached INTEGER, ignored INTEGER, duration_ms INTEGER, " +
        "not_found TEXT)",
    );
    const marks = Array.from({ length: UNIT_COLUMNS.length + columns.length }, () => "?").join(", ");
    const insertRow = db.prepare(`INSERT INTO ${table} VALUES (${marks})`);
    const insertUnit = db.prepare(`INSERT INTO ${units} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    let full = false;
    for (const unit of call.results) {
      const items = unitItems(unit);
      rows += items.length;
      const truncated = unit.data?.truncated === true;
      insertUnit.run(
        unit.account_id,
        unit.account_name,
        unit.region,
        unit.ok ? 1 : 0,
        unit.error?.code ?? null,
        unit.error?.message ?? null,
        items.length,
        truncated ? 1 : 0,
        unit.cached ? 1 : 0,
        unit.ignored ? 1 : 0,
        unit.duration_ms,
        notFoundText(unit.data?.not_found),
      );
      for (const item of items) {
        if (full) break;
        if (stored % CHECK_EVERY === CHECK_EVERY - 1 && !options.roomLeft()) {
          full = true;
          break;
        }
        insertRow.run(
          unit.account_id,
          unit.account_name,
          unit.region,
          ...columns.map((c) => cellOf(item, c)),
        );
        stored++;
      }
    }
    insertRow.finalize();
    insertUnit.finalize();
  })();
  return {
    ...describeCall(call, columns),
    name: names.table,
    units_table: names.units,
    rows,
    stored_rows: stored,
  };
}

/** Counts per account and the failed units, from the call itself (not from the possibly cut table). */
function describeCall(call: CallResult, columns: Column[]) {
  const perAccount = new Map<string, TableInfo["per_account"][number]>();
  const failed: TableInfo["failed_units"] = [];
  let truncatedUnits = 0;
  for (const unit of call.results) {
    const entry = perAccount.get(unit.account_id) ?? {
      account_id: unit.account_id,
      account_name: unit.account_name,
      rows: 0,
      failed_units: 0,
    };
    entry.rows += unitItems(unit).length;
    if (!unit.ok) {
      entry.failed_units++;
      failed.push({
        account_id: unit.account_id,
        account_name: unit.account_name,
        region: unit.region,
        code: String(unit.error?.code ?? "E_INTERNAL"),
        message: unit.error?.message ?? "",
      });
    }
    if (unit.data?.truncated === true) truncatedUnits++;
    perAccount.set(unit.account_id, entry);
  }
  return {
    tool: call.tool,
    args: call.args,
    columns,
    units: call.results.length,
    failed: failed.length,
    per_account: [...perAccount.values()],
    failed_units: failed,
    truncated_units: truncatedUnits,
  };
}

/** The units table's `not_found`: which named parent is not in that account and region (`cluster=prod-web`). */
function notFoundText(nf: NotFound | undefined): string | null {
  if (!nf) return null;
  return `${nf.param}=${typeof nf.value === "string" ? nf.value : JSON.stringify(nf.value)} (${nf.code})`;
}
