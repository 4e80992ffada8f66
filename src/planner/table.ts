/** Plain-text tables for the planner's answers: at most 8 columns, cells cut at 48 characters, `-` for missing. */
const MAX_COLUMNS = 8;

export function table(items: Array<Record<string, unknown>>): string {
  const columns = [...new Set(items.flatMap((i) => Object.keys(i)))].slice(0, MAX_COLUMNS);
  const rows = items.map((i) => columns.map((c) => cell(i[c])));
  const widths = columns.map((c, k) => Math.max(c.length, ...rows.map((r) => r[k]!.length)));
  const line = (values: string[]) => `  ${values.map((v, k) => v.padEnd(widths[k]!)).join("  ")}`.trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map(line)].join("\n");
}

export function cell(value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return "-";
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(",")
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
