/**
 * Plain aligned text tables for people (`call`, `accounts`, `doctor`, the planner's answers): no
 * borders, so easy to grep and diff; missing values `-`, lists comma-separated. Given a width (the
 * terminal's), the widest columns wrap onto continuation lines until the table fits: a cell is
 * never cut, so `web-api:12` or an ARN is always readable whole.
 */
export interface TextTableOptions {
  /** Characters a line may take (the terminal's columns); no limit when absent. */
  width?: number;
  /** Spaces before every line (the planner indents its tables). */
  indent?: number;
}

const GAP = 2;
/** A column is not wrapped narrower than this (or its header). */
const MIN_WIDTH = 8;
/** Words (ids, names) up to this long are never elided; longer ones (ARNs) may be, in the middle. */
const MAX_TOKEN = 20;

/** One value as cell text: `-` for nothing, lists joined with commas, flat objects as `k=v`. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(listPart).join(",");
  if (typeof value === "object") return objectText(value as Record<string, unknown>);
  return String(value).replace(/\s+/g, " ");
}

function listPart(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function objectText(value: Record<string, unknown>): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return "-";
  const flat = entries.every(([, v]) => v === null || typeof v !== "object");
  return flat ? entries.map(([k, v]) => `${k}=${String(v)}`).join(",") : JSON.stringify(value);
}

export function renderTextTable(headers: string[], rows: string[][], options: TextTableOptions = {}): string {
  const indent = " ".repeat(options.indent ?? 0);
  const limit = options.width === undefined ? undefined : options.width - indent.length;
  const widths = fitWidths(headers, rows, limit);
  if (!widths) return renderRecords(headers, rows, indent, limit ?? 0);
  const lines: string[] = [];
  const emit = (cells: string[]) => {
    const wrapped = cells.map((c, i) => fitCell(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) {
      const parts = wrapped.map((w, i) => (w[k] ?? "").padEnd(widths[i]!));
      lines.push(`${indent}${parts.join(" ".repeat(GAP))}`.trimEnd());
    }
  };
  emit(headers.map((h) => h.toUpperCase()));
  for (const row of rows) emit(row);
  return lines.join("\n");
}

/**
 * Natural widths; over the limit, the widest column gives up one character at a time down to its
 * floor. Undefined when even the floors do not fit (then one record per row reads better).
 */
function fitWidths(headers: string[], rows: string[][], limit: number | undefined): number[] | undefined {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  if (limit === undefined) return widths;
  const floor = headers.map((h, i) =>
    Math.min(widths[i]!, Math.max(h.length, floorOf(rows.map((r) => r[i] ?? "")))),
  );
  const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + GAP * (w.length - 1);
  if (total(floor) > limit) return undefined;
  while (total(widths) > limit) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > floor[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    widths[widest]!--;
  }
  return widths;
}

/** A column wraps text at spaces and commas; a word (an id, an ARN) keeps up to MAX_TOKEN whole. */
function floorOf(cells: string[]): number {
  let longest = MIN_WIDTH;
  for (const cell of cells)
    for (const word of cell.split(/[ ,]/)) longest = Math.max(longest, Math.min(word.length, MAX_TOKEN));
  return longest;
}

/**
 * Lines of at most `width`. Text breaks after spaces and commas, a word longer than the line is
 * split (nothing lost); a cell that is one word (an id, an ARN) is elided in the middle instead.
 */
function fitCell(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  if (!/[ ,]/.test(text)) return [elide(text, width)];
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/(?<=[ ,])/)) {
    if (line !== "" && (line + word).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = "";
    }
    while (word.trimEnd().length > width) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    line += word;
  }
  lines.push(line.trimEnd());
  return lines;
}

/**
 * `arn:aws:ecs:…/storefront:214`: the head and the tail of a word, never a bare prefix — the end of
 * an identifier (name, family:revision) is what tells rows apart. The full value is in --output json.
 */
export function elide(word: string, width: number): string {
  if (word.length <= width) return word;
  const slash = word.lastIndexOf("/");
  const last = slash >= 0 ? word.slice(slash) : "";
  const tailLength = last.length > 0 && last.length <= width - 4 ? last.length : Math.ceil((width - 1) * 0.6);
  return `${word.slice(0, width - 1 - tailLength)}…${word.slice(word.length - tailLength)}`;
}

/** Too many columns for the width: each row as `header  value` lines, rows apart by a blank line. */
function renderRecords(headers: string[], rows: string[][], indent: string, limit: number): string {
  const keyWidth = Math.max(...headers.map((h) => h.length));
  const valueWidth = Math.max(MIN_WIDTH, limit - keyWidth - GAP);
  return rows
    .map((row) =>
      headers
        .flatMap((h, i) =>
          fitCell(row[i] ?? "-", valueWidth).map((part, k) =>
            `${indent}${(k === 0 ? h : "").padEnd(keyWidth)}${" ".repeat(GAP)}${part}`.trimEnd(),
          ),
        )
        .join("\n"),
    )
    .join("\n\n");
}
