/**
 * Operation names as AWS resolves them. boto3 maps `get_object` (and, through `xform_name`, `GetObject`)
 * to the same operation, and names are matched case-insensitively, so the guard compares one key:
 * lower case with `_` and `-` removed. `GetSECRETValue`, `getobject`, `Get_Object` and `get-object`
 * all become the key of the catalogue's canonical name.
 */
export function operationKey(name: string): string {
  return name.replace(/[-_]/g, "").toLowerCase();
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length]!;
}

/** Up to three candidates closest to `name` (case and separators ignored), best first. */
export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const key = operationKey(name);
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    const k = operationKey(c);
    const d = k.includes(key) || key.includes(k) ? Math.abs(k.length - key.length) / 4 : distance(key, k);
    if (d <= Math.max(2, key.length / 3)) scored.push([d, c]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, 3)
    .map(([, c]) => c);
}

/** `(did you mean X, Y?)` or an empty string. */
export function suggest(name: string, candidates: Iterable<string>): string {
  const names = didYouMean(name, candidates);
  return names.length ? ` (did you mean ${names.join(", ")}?)` : "";
}
