import { stringify } from "yaml";
import { OpsError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import { cellText, renderTextTable, type TextTableOptions } from "../text-table.ts";

export type OutputFormat = "table" | "json" | "yaml" | "csv";

/** `--output`: one of `allowed` (the first is the default), else a usage error with the nearest one. */
export function parseFormat<F extends string>(value: unknown, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as F;
  const got = String(value);
  throw new OpsError(
    "E_USAGE",
    `--output must be one of ${allowed.join(", ")} (got "${got}")${didYouMean(got, allowed)}`,
  );
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** A table for people (`src/text-table.ts`): `-` for missing values, lists comma-separated, fitted to `width`. */
export function renderTable<T>(rows: T[], columns: Column<T>[], options: TextTableOptions = {}): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  return renderTextTable(
    columns.map((c) => c.header),
    cells,
    options,
  );
}

/**
 * Columns a table may use on `stream`: `COLUMNS` when set, else the terminal's width; none when the
 * output is a pipe or file (a script reading it wants whole lines).
 */
export function terminalWidth(
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
  env: Record<string, string | undefined> = process.env,
): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.isTTY && stream.columns ? stream.columns : undefined;
}

/** CSV cells: empty for missing values (a spreadsheet's blank), JSON for structures. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [
    columns.map((c) => quote(c.header)),
    ...rows.map((r) => columns.map((c) => quote(csvCell(c.value(r))))),
  ]
    .map((r) => r.join(","))
    .join("\n");
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function renderYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** Colour only on a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined> = process.env,
): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
