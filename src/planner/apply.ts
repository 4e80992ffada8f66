import { BARE_NAME, LITERALS, type Literal } from "./literals.ts";
import type { Reading } from "./reading.ts";
import { NEGATED_BEFORE, type PostFilter, STATE_RULES, type StateEffect } from "./states.ts";

type Properties = Record<string, { type?: string; enum?: unknown[]; items?: { enum?: unknown[] } }>;

/** What the rules applied: tool arguments and client-side filters. */
export interface Applied {
  args: Record<string, unknown>;
  filters: PostFilter[];
}

/** Literals read before the tool is chosen (their values must not look like nouns to the tool rules). */
export interface ReadLiteral {
  literal: Literal;
  matches: RegExpExecArray[];
}

const EARLY = new Set(["runtime", "runtime-id", "language", "engine", "aurora-engine", "instance-family"]);

/** Reads the literals that do not name a tool (ids, tags, names…), so the tool rules do not see them. */
export function readEarlyLiterals(reading: Reading): ReadLiteral[] {
  return readLiterals(reading, (l) => !EARLY.has(l.id));
}

/** Reads the literals that also serve as nouns ("python 3.8", "postgres"), after the tool is chosen. */
export function readLateLiterals(reading: Reading): ReadLiteral[] {
  return readLiterals(reading, (l) => EARLY.has(l.id));
}

/**
 * A match glued by a hyphen to a word on either side is part of a resource name, not a value or a state:
 * "mysql" and "billing" in "prod-billing-mysql". A negation prefix ("non-default") is not a name.
 */
export function insideName(text: string, m: RegExpExecArray): boolean {
  const before = text.slice(0, m.index);
  const after = text.slice(m.index + m[0].length);
  return (/\w-$/.test(before) && !/\b(?:non|not|no)-$/i.test(before)) || /^-\w/.test(after);
}

function readLiterals(reading: Reading, which: (l: Literal) => boolean): ReadLiteral[] {
  const read: ReadLiteral[] = [];
  for (const literal of LITERALS.filter(which)) {
    const matches = reading.take(
      literal.pattern,
      (m) => !insideName(reading.text, m) && literal.value(m) !== undefined,
    );
    if (matches.length > 0) read.push({ literal, matches });
  }
  return read;
}

/** Reads and applies the bare resource names still unread (after every other rule). */
export function applyBareNames(tool: string, properties: Properties, reading: Reading, out: Applied) {
  const matches = reading.take(BARE_NAME.pattern, (m) => BARE_NAME.value(m) !== undefined);
  if (matches.length > 0) applyLiterals([{ literal: BARE_NAME, matches }], tool, properties, reading, out);
}

/** Applies read literals to the tool: its argument, else a filter; the rest is released (left unread). */
export function applyLiterals(
  read: ReadLiteral[],
  tool: string,
  properties: Properties,
  reading: Reading,
  out: Applied,
) {
  for (const { literal, matches } of read) {
    const values = [...new Set(matches.map((m) => literal.value(m)!))];
    // "not t3.micro", "other than mysql": the negated filter when the tool's items carry the field, else
    // the negation stays unread (and the planner declines).
    const negation = negationBefore(reading, matches[0]!);
    const negatable = literal.negatable?.[tool] ?? literal.filter?.[tool];
    if (negation && negatable) {
      out.filters.push(negated(negatable(values)));
      reading.mark([{ start: negation.index, end: negation.index + negation[0].length }]);
      continue;
    }
    const arg = literal.args?.find((a) => a in properties);
    const prop = arg ? properties[arg] : undefined;
    if (arg && (prop?.type === "array" || values.length === 1)) {
      out.args[arg] = prop?.type === "array" ? values : values[0];
      continue;
    }
    const filter = literal.filter?.[tool];
    if (filter) out.filters.push(filter(values));
    else reading.release(matches);
  }
}

/** The negation just before a match, in the unread text ("not", "other than"…), if any. */
function negationBefore(reading: Reading, m: RegExpExecArray): RegExpExecArray | null {
  return NEGATED_BEFORE.exec(reading.rest().slice(0, m.index));
}

/** Applies each state the tool has an effect for; a negation just before a state inverts it. */
export function applyStates(tool: string, properties: Properties, reading: Reading, out: Applied) {
  for (const rule of STATE_RULES) {
    const effect = rule.effects[tool];
    if (!effect) continue;
    const matches = reading.take(rule.pattern, (m) => !insideName(reading.text, m));
    const negations = matches.map((m) => negationBefore(reading, m));
    // The same state both negated and not ("not open to the world" read as "open" + "the world") is a
    // contradiction the planner cannot resolve: left unread, it declines.
    if (new Set(negations.map((n) => n !== null)).size > 1) {
      reading.release(matches);
      continue;
    }
    for (const [i, m] of matches.entries()) {
      const negation = negations[i]!;
      // A state that cannot be applied (a negation with no inverse, a second value for a one-value argument) stays unread.
      if (!applyEffect(effect, properties, out, negation !== null)) reading.release([m]);
      else if (negation) reading.mark([{ start: negation.index, end: negation.index + negation[0].length }]);
    }
  }
}

/** Two states on one argument or field are either-or ("stopped or running", "public and private"). */
function applyEffect(effect: StateEffect, properties: Properties, out: Applied, negate: boolean): boolean {
  const arg = effect.arg ? argFor(properties, effect.arg, negate) : undefined;
  if (arg) {
    const [name, value] = arg;
    const before = out.args[name];
    if (before === undefined || before === value) out.args[name] = value;
    else if (Array.isArray(before) && Array.isArray(value) && !negate)
      out.args[name] = [...new Set([...before, ...value])];
    else return false;
    return true;
  }
  if (!effect.post) return false;
  const filter = negate ? negated(effect.post) : effect.post;
  const same = out.filters.find((f) => f.field === filter.field);
  if (!same) out.filters.push(filter);
  else if (
    same.op === "eq" &&
    filter.op === "eq" &&
    !same.negate &&
    !filter.negate &&
    same.value !== filter.value
  ) {
    const values = [same.value, filter.value];
    out.filters[out.filters.indexOf(same)] = {
      label: `${filter.field} in ${values.join(",")}`,
      field: filter.field,
      op: "in",
      value: values,
    };
  } else if (JSON.stringify(same) !== JSON.stringify(filter)) return false;
  return true;
}

/** The argument for a state: `name` when the schema has it, else a property whose enum holds the value. */
function argFor(
  properties: Properties,
  arg: { name?: string; value: unknown },
  negate: boolean,
): [string, unknown] | undefined {
  if (arg.name) {
    if (!(arg.name in properties)) return undefined;
    if (!negate) return [arg.name, arg.value];
    return typeof arg.value === "boolean" ? [arg.name, !arg.value] : undefined;
  }
  for (const [name, p] of Object.entries(properties)) {
    const values = p.items?.enum;
    if (p.type === "array" && values?.includes(arg.value))
      return [name, negate ? values.filter((v) => v !== arg.value) : [arg.value]];
    if (!negate && p.enum?.includes(arg.value)) return [name, arg.value];
  }
  return undefined;
}

export function negated(filter: PostFilter): PostFilter {
  if (filter.negate) return { ...filter, negate: false, label: filter.label.replace(/ ≠ /, " = ") };
  const label = filter.op === "eq" ? filter.label.replace(/ = /, " ≠ ") : `not (${filter.label})`;
  return { ...filter, negate: true, label };
}
