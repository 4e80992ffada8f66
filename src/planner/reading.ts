import { CATEGORIES, FILLER } from "./words.ts";

/** A span of the question that a rule read. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The question as the planner reads it: each rule reads words and blanks them, so a word is applied
 * once and what is left at the end is exactly what no rule applied.
 */
export interface Reading {
  /** The normalized question (the text every rule reads; spans index into it). */
  readonly text: string;
  /** The text with read spans blanked. */
  rest(): string;
  /** Every match of `pattern` in the unread text (that `keep` accepts), each marked read. */
  take(pattern: RegExp, keep?: (m: RegExpExecArray) => boolean): RegExpExecArray[];
  /** Marks spans read. */
  mark(spans: Span[]): void;
  /** Puts taken matches back unread (a value no tool argument or filter could take). */
  release(matches: RegExpExecArray[]): void;
  /** Unread words that carry meaning (not filler), in runs as they stand in the question. */
  unread(): string[];
}

/** One space, no trailing punctuation, contractions spelled out ("isn't" → "is not"); case kept (tag values). */
export function normalize(question: string): string {
  return question
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\b(can|won|ca)'t\b/gi, (_, w: string) => (w.toLowerCase() === "won" ? "will not" : "can not"))
    .replace(/n't\b/gi, " not")
    .replace(/\b(what|who|where|there|that|it|how)'s\b/gi, "$1 is")
    .replace(/'re\b/gi, " are")
    .replace(/\s+/g, " ")
    .replace(/[\s?!.,;:]+$/, "")
    .trim();
}

export function createReading(text: string): Reading {
  let rest = text;
  const blank = (s: Span) => {
    rest = rest.slice(0, s.start) + " ".repeat(s.end - s.start) + rest.slice(s.end);
  };
  return {
    text,
    rest: () => rest,
    take(pattern, keep = () => true) {
      const flags = [...new Set(`${pattern.flags}gd`)].join("");
      const global = new RegExp(pattern.source, flags);
      const found = [...rest.matchAll(global)].filter(
        (m) => m[0].trim() !== "" && keep(m as RegExpExecArray),
      );
      for (const m of found) blank({ start: m.index, end: m.index + m[0].length });
      return found as RegExpExecArray[];
    },
    mark(spans) {
      for (const s of spans) blank(s);
    },
    release(matches) {
      // m[0] is what the unread text held there when it was taken (words read before stay read).
      for (const m of matches) rest = rest.slice(0, m.index) + m[0] + rest.slice(m.index + m[0].length);
    },
    unread() {
      const runs: string[][] = [[]];
      for (const token of rest.split(/(\s+)/)) {
        const word = token.replace(/^["'(]+|["'),;:?!.]+$/g, "").toLowerCase();
        // A run ends at a read span (a wide blank) or a filler word.
        if (token.trim() === "" ? token.length > 1 : word === "" || FILLER.has(word)) runs.push([]);
        else if (token.trim() !== "") runs.at(-1)!.push(word);
      }
      return runs.filter((r) => r.length > 0).map((r) => r.join(" "));
    },
  };
}

/** What kind of condition the unread words are ("a negation", "a count"…), for the decline message. */
export function categoryOf(words: string[]): string {
  const text = words.join(" ");
  return CATEGORIES.find((c) => c.pattern.test(text))?.name ?? "a condition";
}
