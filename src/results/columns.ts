import { isObject } from "../_json.ts";
/**
 * How tool items become table rows: every top-level field of an item is a column (first-seen order);
 * scalars are stored as they are (booleans as 0/1), nested values (objects, arrays — tags, rules,
 * attachments) as JSON text that SQLite's JSON functions read (`json_extract`, `json_each`).
 * Items that are not objects land in one `value` column.
 */

export type SqlValue = string | number | null;
export type ColumnType = "INTEGER" | "REAL" | "TEXT" | "JSON" | "BOOLEAN" | "ANY";

export interface Column {
  /** The column name in SQL (quoted with double quotes when it is not a plain identifier). */
  name: string;
  /** The item field it comes from (`undefined` for the `value` column of scalar items). */
  field?: string;
  type: ColumnType;
}

/** Columns every result table starts with. */
export const UNIT_COLUMNS = ["account_id", "account_name", "region"] as const;

function typeOf(value: unknown): ColumnType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "boolean") return "BOOLEAN";
  if (typeof value === "number") return Number.isInteger(value) ? "INTEGER" : "REAL";
  if (typeof value === "bigint") return "INTEGER";
  if (typeof value === "string") return "TEXT";
  return "JSON";
}

function merge(a: ColumnType | undefined, b: ColumnType | undefined): ColumnType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  if ((a === "INTEGER" && b === "REAL") || (a === "REAL" && b === "INTEGER")) return "REAL";
  return "ANY";
}

/** The columns of a set of items, after the unit columns. A field named like a unit column gets `item_`. */
export function inferColumns(items: Iterable<unknown>): Column[] {
  const types = new Map<string, ColumnType | undefined>();
  let scalar: ColumnType | undefined;
  let hasScalar = false;
  for (const item of items) {
    if (!isObject(item)) {
      hasScalar = true;
      scalar = merge(scalar, typeOf(item));
      continue;
    }
    for (const [key, value] of Object.entries(item)) types.set(key, merge(types.get(key), typeOf(value)));
  }
  const taken = new Set<string>(UNIT_COLUMNS);
  const columns: Column[] = [];
  for (const [field, type] of types) {
    let name = field;
    while (taken.has(name.toLowerCase())) name = `item_${name}`;
    taken.add(name.toLowerCase());
    columns.push({ name, field, type: type ?? "ANY" });
  }
  if (hasScalar) {
    let name = "value";
    while (taken.has(name)) name = `item_${name}`;
    columns.push({ name, type: scalar ?? "ANY" });
  }
  return columns;
}

/** A column's value for one item, as SQLite stores it. */
export function cellOf(item: unknown, column: Column): SqlValue {
  const value =
    column.field === undefined
      ? isObject(item)
        ? undefined
        : item
      : isObject(item)
        ? item[column.field]
        : undefined;
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  return JSON.stringify(value);
}

/** `"name"` with inner quotes doubled: any field name is a valid column. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The declared SQLite type: JSON is TEXT and BOOLEAN is INTEGER to SQLite; mixed columns have none (no conversion). */
export function declaredType(type: ColumnType): string {
  return { INTEGER: "INTEGER", REAL: "REAL", TEXT: "TEXT", JSON: "TEXT", BOOLEAN: "INTEGER", ANY: "" }[type];
}
