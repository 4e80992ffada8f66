import { OpsError } from "../errors.ts";

type Schema = Record<string, unknown>;

/** What a tool argument may be at most, unless its plugin says less. */
export const DEFAULT_MAX_LENGTH = 256;
export const DEFAULT_MAX_ITEMS = 100;
/** What a plugin may allow at most: beyond this an argument is a payload, not a parameter. */
export const LIMIT_MAX_LENGTH = 4096;
export const LIMIT_MAX_ITEMS = 1000;

const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === "string"
      ? [schema.type]
      : [];

/**
 * Bounds every argument of a tool's input schema, so neither the model nor an MCP client can push
 * megabytes or raw API structures upstream: each string gets a `maxLength`, each array a `maxItems`
 * (defaults when the plugin gives none), and the load fails (`E_PLUGIN`, naming the field) for an
 * array without `items`, a nested object open to any key, a property without a type, or a bound above
 * the limits. Returns a bounded copy; the plugin's own schema is not changed.
 */
export function boundProperties(properties: Record<string, unknown>, where: string): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(properties)) out[name] = bound(schema, `${where}: ${name}`);
  return out;
}

function bound(value: unknown, field: string): Schema {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(field, "is not a schema");
  const schema: Schema = { ...(value as Schema) };
  const types = typesOf(schema);
  if (types.length === 0 && schema.enum === undefined && schema.const === undefined)
    fail(field, "has no type");
  if (types.includes("string"))
    schema.maxLength = limit(schema.maxLength, DEFAULT_MAX_LENGTH, LIMIT_MAX_LENGTH, field, "maxLength");
  if (types.includes("array")) {
    if (typeof schema.items !== "object" || schema.items === null || Array.isArray(schema.items))
      fail(field, "is an array without `items`");
    schema.maxItems = limit(schema.maxItems, DEFAULT_MAX_ITEMS, LIMIT_MAX_ITEMS, field, "maxItems");
    schema.items = bound(schema.items, `${field}[]`);
  }
  if (types.includes("object")) {
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
      fail(field, "is an object open to any key (additionalProperties must be false)");
    if (typeof schema.properties !== "object" || schema.properties === null)
      fail(field, "is an object without `properties`");
    schema.additionalProperties = false;
    schema.properties = boundProperties(schema.properties as Record<string, unknown>, field);
  }
  return schema;
}

function limit(given: unknown, fallback: number, max: number, field: string, key: string): number {
  if (given === undefined) return fallback;
  if (typeof given !== "number" || !Number.isInteger(given) || given < 0 || given > max)
    fail(field, `${key} must be an integer of at most ${max} (got ${JSON.stringify(given)})`);
  return given;
}

function fail(field: string, why: string): never {
  throw new OpsError("E_PLUGIN", `${field} ${why}`, {
    hint: "every tool argument needs a type; strings a maxLength, arrays items and a maxItems within the limits",
  });
}
