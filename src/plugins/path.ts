import { isObject } from "../_json.ts";
import type { Literal, SelectExpr } from "./format.ts";

/** Path expressions of the plugin format (see format.ts); mirrors `_walk`/`_get` in template.py. */
export function getPath(value: unknown, path: string): unknown {
  return walk(value, path === "@" ? [] : path.split("."));
}

function walk(value: unknown, segs: string[]): unknown {
  if (segs.length === 0) return value;
  const [seg, ...rest] = segs as [string, ...string[]];
  const proj = seg.endsWith("[]");
  const name = proj ? seg.slice(0, -2) : seg;
  let x: unknown;
  if (name === "@" || name === "") x = value;
  else if (name.startsWith("tag:")) x = tag(value, name.slice(4));
  else x = own(value, name);
  x ??= null;
  if (!proj) return x === null ? null : walk(x, rest);
  if (!Array.isArray(x)) return [];
  const nested = rest.some((s) => s.endsWith("[]"));
  const out: unknown[] = [];
  for (const e of x) {
    const r = walk(e, rest);
    if (r === null) continue;
    if (nested && Array.isArray(r)) out.push(...r);
    else out.push(r);
  }
  return out;
}

function tag(value: unknown, key: string): unknown {
  if (!isObject(value)) return null;
  const tags = Object.hasOwn(value, "Tags") ? value.Tags : own(value, "tags");
  if (Array.isArray(tags)) {
    const hit = tags.find((t) => isObject(t) && t.Key === key);
    return own(hit, "Value");
  }
  return own(tags, key);
}

/** An own property of an object (never an inherited one such as `constructor`), else null. */
function own(v: unknown, key: string): unknown {
  return isObject(v) && Object.hasOwn(v, key) ? (v[key] ?? null) : null;
}

export function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** Python `==` on JSON scalars, except that booleans never equal numbers (as `_eq` in the template). */
function eq(a: unknown, b: unknown): boolean {
  return (typeof a === "boolean") === (typeof b === "boolean") && a === b;
}

export function has(values: unknown, literal: unknown): boolean {
  return asList(values).some((e) => eq(e, literal));
}

/** Evaluates one `select` expression on an item (`_pick` in the template). */
export function pick(item: unknown, expr: SelectExpr): unknown {
  if (typeof expr === "string") return getPath(item, expr);
  const v = getPath(item, expr.path);
  if ("default" in expr) return v === null ? expr.default : v;
  if ("contains" in expr) return has(v, expr.contains);
  if ("in" in expr) return asList(v).some((e) => has(expr.in as Literal[], e));
  if ("count" in expr) return Array.isArray(v) ? v.length : 0;
  if ("matching" in expr) {
    const { path, in: wanted } = expr.matching;
    return asList(v).filter((e) => asList(getPath(e, path)).some((x) => has(wanted, x)));
  }
  return v !== null && !(Array.isArray(v) && v.length === 0);
}
