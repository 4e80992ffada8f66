/**
 * "Did you mean" for every name a person types: flags, commands, tools, accounts, config keys and
 * enum values. Distance is optimal string alignment (Levenshtein plus adjacent transpositions, so
 * `--outptu` is one edit from `--output`), case-insensitive.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  // Short words tolerate fewer edits: "ec" must not suggest "s3".
  let bestDistance = Math.min(3, Math.max(1, Math.floor(w.length / 3)) + 1);
  let best: string | undefined;
  for (const candidate of candidates) {
    const d = distance(w, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** ` (did you mean "x"?)`, or "" when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = '"'): string {
  const near = closest(word, candidates);
  return near ? ` (did you mean ${quote}${near}${quote}?)` : "";
}

/** Optimal string alignment distance (case-sensitive: lower-case both sides first). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
