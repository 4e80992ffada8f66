import { isObject } from "../_json.ts";
import { suggest } from "./names.ts";
import type { CatShape, ServiceCatalogue } from "./types.ts";

const MAX_PROBLEMS = 8;
const MAX_DEPTH = 24;

/**
 * Checks API parameters against an operation's input shape as botocore's parameter validation does,
 * before anything leaves the process: unknown members (with "did you mean"), wrong types, missing
 * required members, values outside the enum, too short strings and lists, numbers out of range.
 * Returns the problems, each naming its parameter path; empty when valid.
 */
export function validateParams(
  service: ServiceCatalogue,
  inputShape: string | undefined,
  params: unknown,
): string[] {
  const problems: string[] = [];
  const report = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  if (!inputShape) {
    if (isObject(params) && Object.keys(params).length > 0) {
      report(`the operation takes no parameters (got ${Object.keys(params).join(", ")})`);
    }
    return problems;
  }
  check(service, inputShape, params, "params", 0, report);
  return problems;
}

function shapeOf(service: ServiceCatalogue, ref: string): CatShape {
  return ref.startsWith("#")
    ? { t: ref.slice(1) as CatShape["t"] }
    : (service.shapes[ref] ?? { t: "string" });
}

function check(
  service: ServiceCatalogue,
  ref: string,
  value: unknown,
  at: string,
  depth: number,
  report: (text: string) => void,
): void {
  if (depth > MAX_DEPTH) {
    report(`${at}: nested too deeply`);
    return;
  }
  const shape = shapeOf(service, ref);
  const wrong = (want: string) => report(`${at}: expected ${want}, got ${describe(value)}`);
  switch (shape.t) {
    case "structure": {
      if (!isObject(value)) {
        wrong("an object");
        return;
      }
      const members = shape.m ?? {};
      for (const [key, v] of Object.entries(value)) {
        if (!Object.hasOwn(members, key)) {
          report(`${at}.${key}: unknown parameter${suggest(key, Object.keys(members))}`);
          continue;
        }
        check(service, members[key]!, v, `${at}.${key}`, depth + 1, report);
      }
      for (const key of shape.r ?? []) {
        if (!Object.hasOwn(value, key)) report(`${at}.${key}: missing required parameter`);
      }
      return;
    }
    case "list":
      if (!Array.isArray(value)) {
        wrong("a list");
        return;
      }
      if (shape.min !== undefined && value.length < shape.min) {
        report(`${at}: needs at least ${shape.min} element(s)`);
      }
      for (const [i, e] of value.entries())
        check(service, shape.i ?? "#string", e, `${at}[${i}]`, depth + 1, report);
      return;
    case "map":
      if (!isObject(value)) {
        wrong("an object (map)");
        return;
      }
      for (const [k, v] of Object.entries(value))
        check(service, shape.i ?? "#string", v, `${at}.${k}`, depth + 1, report);
      return;
    case "string":
      if (typeof value !== "string") {
        wrong("a string");
        return;
      }
      if (shape.e && !shape.e.includes(value)) {
        report(`${at}: "${value}" is not one of ${shape.e.join(", ")}${suggest(value, shape.e)}`);
      } else if (shape.min !== undefined && value.length < shape.min) {
        report(`${at}: needs at least ${shape.min} character(s)`);
      }
      return;
    case "integer":
    case "long":
      if (!Number.isInteger(value)) {
        wrong("an integer");
        return;
      }
      {
        range(shape, value as number, at, report);
        return;
      }
    case "float":
    case "double":
      if (typeof value !== "number") {
        wrong("a number");
        return;
      }
      {
        range(shape, value, at, report);
        return;
      }
    case "boolean":
      if (typeof value !== "boolean") wrong("true or false");
      return;
    case "timestamp":
      if (typeof value === "number" || (typeof value === "string" && !Number.isNaN(Date.parse(value))))
        return;
      {
        wrong("a timestamp (ISO 8601 string or epoch seconds)");
        return;
      }
    case "blob":
      if (typeof value !== "string") wrong("a string (blob)");
      return;
  }
}

function range(shape: CatShape, value: number, at: string, report: (text: string) => void): void {
  if (shape.min !== undefined && value < shape.min) report(`${at}: must be at least ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) report(`${at}: must be at most ${shape.max}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}
