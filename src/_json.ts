/** JSON-value helpers shared by every layer (internal module: no imports from the rest of src/). */

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The `items` of a `{items: [...]}` value (a unit's data), else an empty list. */
export function itemsOf(data: unknown): unknown[] {
  return isObject(data) && Array.isArray(data.items) ? data.items : [];
}
