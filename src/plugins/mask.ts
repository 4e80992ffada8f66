import { isObject } from "../_json.ts";

/** What a sensitive value becomes, inside the script, whatever `select` asks for. */
export const MASK = "<masked: sensitive>";

/**
 * Replaces the values at `paths` (the catalogue's sensitive output paths: `A.B`, `A[].B`, `A.*` for every
 * value of a map) with MASK, in place; `_masked` in template.py does the same. A list at a path is masked
 * element by element, so counts stay visible.
 */
export function maskResponse(response: unknown, paths: readonly string[] | undefined): unknown {
  for (const path of paths ?? []) maskAt(response, path.split("."));
  return response;
}

function maskAt(node: unknown, segs: string[]): void {
  const [seg, ...rest] = segs;
  if (seg === undefined || !isObject(node)) return;
  const proj = seg.endsWith("[]");
  const name = proj ? seg.slice(0, -2) : seg;
  const keys = name === "*" ? Object.keys(node) : Object.hasOwn(node, name) ? [name] : [];
  for (const key of keys) {
    const value = node[key];
    if (value === null || value === undefined) continue;
    if (proj) {
      if (!Array.isArray(value)) continue;
      if (rest.length) for (const e of value) maskAt(e, rest);
      else node[key] = value.map(() => MASK);
    } else if (rest.length) maskAt(value, rest);
    else node[key] = MASK;
  }
}
