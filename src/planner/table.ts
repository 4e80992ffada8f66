import { cellText, renderTextTable } from "../text-table.ts";

/**
 * Plain-text tables for the planner's answers: at most 8 columns, `-` for missing, lists
 * comma-separated, fitted to `width` (the terminal's, from `ask`) without cutting identifiers.
 */
const MAX_COLUMNS = 8;

export function table(items: Array<Record<string, unknown>>, width?: number): string {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))].slice(0, MAX_COLUMNS);
  const rows = items.map((i) => columns.map((c) => cellText(i[c])));
  return renderTextTable(columns, rows, { width, indent: 2 });
}
