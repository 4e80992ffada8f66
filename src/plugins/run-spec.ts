import type { FollowUp } from "./format.ts";
import { asList, getPath, has, isObject, pick } from "./path.ts";
import type { CallSpec } from "./spec.ts";

/** One AWS API call as the sandbox's `call_boto3` makes it; rejects with an error carrying `code`. */
export type CallBoto3 = (
  service: string,
  operation: string,
  region: string,
  params: Record<string, unknown>,
) => Promise<unknown>;

/** What every tool script returns. */
export interface ScriptResult {
  items: unknown[];
  truncated: boolean;
  next_token: unknown;
}

/**
 * Interprets a spec exactly as template.py does (pagination caps, `where`, follow-ups, `select`,
 * truncation), calling `callBoto3` for each API call. Used where our scripts are answered without
 * Python (the local sandbox endpoint) and checked against the Python template by a parity test.
 */
export async function runSpec(spec: CallSpec, callBoto3: CallBoto3): Promise<ScriptResult> {
  const call = (operation: string, params: Record<string, unknown>) =>
    callBoto3(spec.service, operation, spec.region, params);
  const keep = (item: unknown) =>
    spec.where.every((w) => asList(getPath(item, w.path)).some((e) => has(w.values, e)));
  let params = { ...spec.params };
  let items: unknown[] = [];
  let token: unknown = null;
  let pages = 0;
  const pg = spec.paginate;
  for (;;) {
    const response = await call(spec.operation, params);
    pages += 1;
    items.push(...asList(getPath(response, spec.items)).filter(keep));
    token = pg ? getPath(response, pg.output_token) : null;
    if (!truthy(token)) {
      token = null;
      break;
    }
    if (items.length >= spec.max_items || pages >= pg!.max_pages) break;
    params = { ...params, [pg!.input_token]: token };
  }
  const truncated = token !== null || items.length > spec.max_items;
  items = items.slice(0, spec.max_items);
  for (const f of spec.follow) items = await follow(spec, f, items, call);
  if (spec.select !== null) {
    const select = spec.select;
    items = items.map((i) => Object.fromEntries(Object.entries(select).map(([k, x]) => [k, pick(i, x)])));
  }
  return { items, truncated, next_token: token };
}

/** Python truthiness of a JSON value, as `if not token` in the template. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  return !isObject(v) || Object.keys(v).length > 0;
}

function followParams(spec: CallSpec, f: FollowUp, chunk: unknown[]): Record<string, unknown> {
  const p: Record<string, unknown> = { ...(f.params ?? {}) };
  for (const k of f.inherit ?? []) if (Object.hasOwn(spec.params, k)) p[k] = spec.params[k];
  for (const [k, path] of Object.entries(f.item_params)) {
    const values = chunk.map((i) => getPath(i, path));
    p[k] = f.batch ? values : values[0];
  }
  return p;
}

async function follow(
  spec: CallSpec,
  f: FollowUp,
  items: unknown[],
  call: (operation: string, params: Record<string, unknown>) => Promise<unknown>,
): Promise<unknown[]> {
  const out: unknown[] = [];
  if (f.batch) {
    for (let start = 0; start < items.length; start += f.batch) {
      const response = await call(f.operation, followParams(spec, f, items.slice(start, start + f.batch)));
      out.push(...asList(getPath(response, f.result)));
    }
    return out;
  }
  for (const item of items) {
    let value: unknown;
    try {
      value = getPath(await call(f.operation, followParams(spec, f, [item])), f.result);
    } catch (error) {
      const code = errorCode(error);
      if (!f.on_error || !Object.hasOwn(f.on_error, code)) throw error;
      value = f.on_error[code];
    }
    if (!f.into) out.push(value);
    else if (isObject(item)) out.push({ ...item, [f.into]: value });
    else throw new TypeError(`follow-up ${f.operation}: "into" needs object items`);
  }
  return out;
}

/** The AWS error code of a failed call: its `code`, else its `name` (as `_code` in the template). */
function errorCode(error: unknown): string {
  if (isObject(error) || error instanceof Error) {
    const e = error as { code?: unknown; name?: unknown };
    if (typeof e.code === "string" && e.code) return e.code;
    if (typeof e.name === "string") return e.name;
  }
  return "Error";
}
