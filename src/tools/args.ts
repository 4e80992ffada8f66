import type { ErrorObject } from "ajv";
import { compileSchema } from "../config/yaml-source.ts";
import { OpsError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";
import { parseSelectors } from "./select.ts";

type Schema = Record<string, unknown>;

/** Validates a tool's own arguments against its input schema; E_VALIDATION names each bad field. */
export function validateArgs(tool: string, schema: Schema, args: Record<string, unknown>): void {
  const validate = compileSchema(schema);
  if (validate(args)) return;
  const problems = (validate.errors ?? []).map((error) => describe(error, schema));
  const fields = [...new Set(problems.map((p) => p.field))];
  throw new OpsError(
    "E_VALIDATION",
    `invalid arguments for ${tool}: ${problems.map((p) => p.text).join("; ")}`,
    {
      hint: `see the input schema with: ops-agent tools --output json`,
      details: { tool, field: fields[0], fields },
    },
  );
}

function describe(error: ErrorObject, schema: Schema): { field: string; text: string } {
  const params = error.params as Record<string, unknown>;
  const segments = error.instancePath.split("/").slice(1);
  const path = segments.join(".");
  if (error.keyword === "additionalProperties") {
    const name = String(params.additionalProperty);
    const field = [path, name].filter(Boolean).join(".");
    // The object's declared keys, for "did you mean" (`acounts` → `accounts`).
    let at: Schema | undefined = schema;
    for (const segment of segments)
      at = (
        /^\d+$/.test(segment) ? at?.items : (at?.properties as Record<string, Schema> | undefined)?.[segment]
      ) as Schema | undefined;
    const known = Object.keys((at?.properties as Record<string, unknown> | undefined) ?? {});
    return { field, text: `unknown argument "${field}"${didYouMean(name, known)}` };
  }
  if (error.keyword === "required") {
    const field = [path, String(params.missingProperty)].filter(Boolean).join(".");
    return { field, text: `missing required argument "${field}"` };
  }
  const allowed = error.keyword === "enum" ? ` (${(params.allowedValues as unknown[]).join(", ")})` : "";
  return {
    field: path || "(arguments)",
    text: `"${path || "(arguments)"}" ${error.message ?? error.keyword}${allowed}`,
  };
}

/**
 * Turns `--arg key=value` pairs into typed arguments using the tool's schema: numbers, booleans,
 * arrays (a JSON array, else comma-separated, each item coerced by `items`), objects (JSON). A value
 * of a key without a declared type is taken as JSON when it parses as JSON, else as a string, so
 * validation reports unknown keys by name.
 */
export function coerceArgPairs(pairs: string[], schema: Schema): Record<string, unknown> {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new OpsError("E_USAGE", `--arg expects key=value (got "${pair}")`);
    const key = pair.slice(0, eq);
    out[key] = coerce(pair.slice(eq + 1), properties[key], key);
  }
  return out;
}

function typeOf(schema: Schema | undefined): string | undefined {
  const type = schema?.type;
  return Array.isArray(type)
    ? (type.find((t) => t !== "null") as string | undefined)
    : (type as string | undefined);
}

function coerce(raw: string, schema: Schema | undefined, key: string): unknown {
  switch (typeOf(schema)) {
    case "array": {
      if (raw.trimStart().startsWith("[")) {
        const parsed = parseJson(raw);
        if (Array.isArray(parsed)) return parsed;
      }
      const items = raw === "" ? [] : raw.split(",").map((s) => s.trim());
      return items.map((item) => coerce(item, schema?.items as Schema | undefined, key));
    }
    case "integer":
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n))
        throw new OpsError("E_USAGE", `--arg ${key} expects a number (got "${raw}")`);
      return n;
    }
    case "boolean":
      if (/^(true|yes|1)$/i.test(raw)) return true;
      if (/^(false|no|0)$/i.test(raw)) return false;
      throw new OpsError("E_USAGE", `--arg ${key} expects true or false (got "${raw}")`);
    case "object":
      try {
        return JSON.parse(raw);
      } catch {
        throw new OpsError("E_USAGE", `--arg ${key} expects a JSON object (got "${raw}")`);
      }
    case undefined:
      return parseJson(raw) ?? raw;
    default:
      return raw;
  }
}

/** A tool input split into the tool's own arguments and the fan-out targets. */
export interface SplitInput {
  args: Record<string, unknown>;
  accounts?: string[];
  regions?: string[];
}

/**
 * The one rule for tool input, whoever sends it (model, MCP client, CLI, planner): an object whose
 * `accounts` and `regions` (arrays or comma-separated strings, see `parseSelectors`) are the fan-out
 * targets; everything else is the tool's own arguments. A malformed selector throws E_VALIDATION:
 * it is never widened to "all accounts".
 */
export function splitInput(rawInput: unknown): SplitInput {
  if (rawInput === undefined || rawInput === null) return { args: {} };
  if (typeof rawInput !== "object" || Array.isArray(rawInput)) {
    throw new OpsError("E_VALIDATION", "tool input must be a JSON object", { details: { field: "(input)" } });
  }
  const { accounts, regions, ...args } = rawInput as Record<string, unknown>;
  return {
    args,
    accounts: parseSelectors(accounts, "accounts"),
    regions: parseSelectors(regions, "regions"),
  };
}

/** The targets of a tool input for progress display; never throws (invoke reports bad input). */
export function describeTargets(rawInput: unknown): { accounts: string[]; regions: string[] } {
  try {
    const { accounts, regions } = splitInput(rawInput);
    return { accounts: accounts ?? [], regions: regions ?? [] };
  } catch {
    return { accounts: [], regions: [] };
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
