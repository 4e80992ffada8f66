import { suggest } from "./names.ts";
import type { ServiceCatalogue } from "./types.ts";

/**
 * What a path yields, as far as the output shapes say: a catalogue shape reference, a list made by a
 * projection, or `any` where the model gives no shape to check against (a path into it is accepted).
 */
export type PathType = string | { list: PathType } | "any";

/** The outcome of walking a path: what it yields, or the first problem met. */
export type PathWalk = { ok: true; type: PathType } | { ok: false; problem: string };

const ANY = "any";

/**
 * Walks a plugin-format path (`Reservations[].Instances[]`, `MetadataOptions.HttpTokens`, `tag:Name`)
 * over the output shapes with the semantics of `_walk` in template.py, so a misspelled member, a step
 * into a list without `[]` or a `[]` on something that is not a list is refused before any request:
 * at run time each of them silently yields nothing, which reads as "no items". `response`: `from` is
 * the operation's output shape, where boto3 adds `ResponseMetadata`.
 */
export function walkOutput(
  service: ServiceCatalogue,
  from: PathType,
  path: string,
  response = false,
): PathWalk {
  const segs = path === "@" ? [] : path.split(".");
  try {
    return { ok: true, type: walk(service, from, segs, response ? from : null, "@") };
  } catch (e) {
    if (e instanceof PathProblem) return { ok: false, problem: e.message };
    throw e;
  }
}

/** The type of one item of a list-valued type (one element), or the type itself (a single item). */
export function elementOf(service: ServiceCatalogue, type: PathType): PathType {
  if (type === ANY) return ANY;
  if (typeof type !== "string") return type.list;
  const shape = service.shapes[type];
  return shape?.t === "list" ? (shape.i ?? ANY) : type;
}

class PathProblem extends Error {}

function walk(
  service: ServiceCatalogue,
  type: PathType,
  segs: string[],
  root: PathType | null,
  prev: string,
): PathType {
  if (segs.length === 0) return type;
  const [seg, ...rest] = segs as [string, ...string[]];
  const proj = seg.endsWith("[]");
  const name = proj ? seg.slice(0, -2) : seg;
  const x = name === "@" || name === "" ? type : member(service, type, name, type === root, prev);
  if (!proj) return walk(service, x, rest, root, seg);
  if (!isList(service, x)) {
    throw new PathProblem(`"${name || "@"}" is ${kind(service, x)}, not a list: drop the "[]"`);
  }
  const r = walk(service, elementOf(service, x), rest, root, seg);
  return rest.some((s) => s.endsWith("[]")) ? r : { list: r };
}

function member(
  service: ServiceCatalogue,
  type: PathType,
  name: string,
  atRoot: boolean,
  prev: string,
): PathType {
  if (type === ANY) return ANY;
  if (typeof type !== "string" || service.shapes[type]?.t === "list") {
    const fix = prev.endsWith("[]") ? "" : `: write "${prev}[]" to look inside each element`;
    throw new PathProblem(`"${name}" is read from a list${fix}`);
  }
  if (type.startsWith("#"))
    throw new PathProblem(`"${name}" is read from ${kind(service, type)}, which has no members`);
  const shape = service.shapes[type];
  if (!shape) return ANY;
  if (shape.t === "map") return name.startsWith("tag:") ? ANY : (shape.i ?? ANY);
  const members = shape.m ?? {};
  if (Object.keys(members).length === 0) return ANY;
  if (name.startsWith("tag:")) {
    if (Object.hasOwn(members, "Tags") || Object.hasOwn(members, "tags")) return "#string";
    throw new PathProblem(`"${name}": ${type} has no Tags or tags member`);
  }
  if (Object.hasOwn(members, name)) return members[name]!;
  if (atRoot && name === "ResponseMetadata") return ANY;
  throw new PathProblem(`${type} has no member "${name}"${suggest(name, Object.keys(members))}`);
}

function isList(service: ServiceCatalogue, type: PathType): boolean {
  return type === ANY || typeof type !== "string" || service.shapes[type]?.t === "list";
}

function kind(service: ServiceCatalogue, type: PathType): string {
  if (type === ANY) return "a value";
  if (typeof type !== "string") return "a list";
  if (type.startsWith("#")) return `a ${type.slice(1)}`;
  const t = service.shapes[type]?.t;
  return t === "structure" ? `an object (${type})` : `a ${t ?? "value"} (${type})`;
}
