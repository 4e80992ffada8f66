import { isObject } from "../_json.ts";
import type { FollowUp } from "../plugins/format.ts";
import { maskResponse } from "../plugins/mask.ts";
import { asList, getPath, has, pick } from "../plugins/path.ts";
import type { CallSpec } from "../plugins/spec.ts";

/** One AWS API call as the sandbox's `call_boto3` makes it; rejects with an error carrying `code`. */
export type CallBoto3 = (
  service: string,
  operation: string,
  region: string,
  params: Record<string, unknown>,
) => Promise<unknown>;

/** One region's part of a script's answer: its items, or its own error. */
export type RegionAnswer =
  | {
      region: string;
      items: unknown[];
      truncated: boolean;
      next_token: unknown;
      /** The parent the arguments named does not exist in this region (a `parent.not_found` code). */
      not_found?: { param: string; value: unknown; code: string; message: string };
    }
  | { region: string; error: { code: string; message: string } };

/** What every tool script returns: one answer per region of the spec, in order. */
export interface ScriptAnswer {
  v: 2;
  regions: RegionAnswer[];
  /** Whether the regions ran concurrently (asyncio present). */
  asyncio: boolean;
}

type Call = (operation: string, params: Record<string, unknown>) => Promise<unknown>;

/**
 * Interprets a spec exactly as template.py does (each region: parents, pagination caps, `where`,
 * follow-ups, `select`, truncation; a region's failure is that region's error), calling `callBoto3` for each API
 * call. Used where our scripts are answered without Python (the local simulator) and checked against
 * the Python template by a parity test. `asyncio: false` runs the regions one after another.
 */
export async function runSpec(
  spec: CallSpec,
  callBoto3: CallBoto3,
  options: { asyncio?: boolean } = {},
): Promise<ScriptAnswer> {
  const asyncio = options.asyncio ?? true;
  const region = async (r: string): Promise<RegionAnswer> => {
    try {
      return await answer(spec, r, async (operation, params) =>
        maskResponse(await callBoto3(spec.service, operation, r, params), spec.mask?.[operation]),
      );
    } catch (error) {
      return { region: r, error: { code: errorCode(error), message: messageOf(error) } };
    }
  };
  const regions: RegionAnswer[] = [];
  if (asyncio && spec.regions.length > 1) regions.push(...(await Promise.all(spec.regions.map(region))));
  else for (const r of spec.regions) regions.push(await region(r));
  return { v: 2, regions, asyncio };
}

type Listing = Pick<CallSpec, "operation" | "items" | "paginate">;

/** Pages of `q.operation` until no token, the page cap or `limit` items: the kept items, the last token. */
async function list(
  q: Listing,
  first: Record<string, unknown>,
  keep: (item: unknown) => boolean,
  limit: number,
  call: Call,
): Promise<{ items: unknown[]; token: unknown }> {
  const pg = q.paginate;
  let params = first;
  const items: unknown[] = [];
  let token: unknown = null;
  let pages = 0;
  for (;;) {
    const response = await call(q.operation, params);
    pages += 1;
    items.push(...asList(getPath(response, q.items)).filter(keep));
    token = pg ? getPath(response, pg.output_token) : null;
    if (!truthy(token)) return { items, token: null };
    if (items.length >= limit || pages >= pg!.max_pages) return { items, token };
    params = { ...params, [pg!.input_token]: token };
  }
}

type Answered = Extract<RegionAnswer, { items: unknown[] }>;

async function query(
  spec: CallSpec,
  region: string,
  base: Record<string, unknown>,
  limit: number,
  call: Call,
): Promise<Answered> {
  const keep = (item: unknown) =>
    spec.where.every((w) => asList(getPath(item, w.path)).some((e) => has(w.values, e)));
  const listed = await list(spec, base, keep, limit, call);
  const truncated = listed.token !== null || listed.items.length > limit;
  let items = listed.items.slice(0, limit);
  for (const f of spec.follow) items = await follow(base, f, items, call);
  if (spec.select !== null) {
    const select = spec.select;
    items = items.map((i) => Object.fromEntries(Object.entries(select).map(([k, x]) => [k, pick(i, x)])));
  }
  return { region, items, truncated, next_token: listed.token };
}

/** The region's answer; with a parent and no argument naming it, the query for each parent listed. */
async function answer(spec: CallSpec, region: string, call: Call): Promise<Answered> {
  const base = { ...spec.params };
  if (spec.region_param) base[spec.region_param] = region;
  const pt = spec.parent;
  const absent = (error: unknown) => pt?.not_found.includes(errorCode(error)) === true;
  if (pt === undefined || Object.hasOwn(base, pt.param)) {
    try {
      return await query(spec, region, base, spec.max_items, call);
    } catch (error) {
      if (!absent(error)) throw error;
      const miss = {
        param: pt!.param,
        value: base[pt!.param],
        code: errorCode(error),
        message: messageOf(error),
      };
      return { region, items: [], truncated: false, next_token: null, not_found: miss };
    }
  }
  const parents = await list(pt, { ...pt.params }, () => true, pt.max_items, call);
  let truncated = parents.token !== null || parents.items.length > pt.max_items;
  const items: unknown[] = [];
  for (const parent of parents.items.slice(0, pt.max_items)) {
    if (items.length >= spec.max_items) {
      truncated = true;
      break;
    }
    let part: Answered;
    try {
      part = await query(spec, region, { ...base, [pt.param]: parent }, spec.max_items - items.length, call);
    } catch (error) {
      if (!absent(error)) throw error;
      continue; // deleted since the listing
    }
    items.push(...part.items);
    truncated ||= part.truncated;
  }
  return { region, items, truncated, next_token: null };
}

/** `str(e)` of the template: the error's message (botocore's text for AWS errors). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Python truthiness of a JSON value, as `if not token` in the template. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  return !isObject(v) || Object.keys(v).length > 0;
}

function followParams(base: Record<string, unknown>, f: FollowUp, chunk: unknown[]): Record<string, unknown> {
  const p: Record<string, unknown> = { ...(f.params ?? {}) };
  for (const k of f.inherit ?? []) if (Object.hasOwn(base, k)) p[k] = base[k];
  for (const [k, path] of Object.entries(f.item_params)) {
    const values = chunk.map((i) => getPath(i, path));
    p[k] = f.batch ? values : values[0];
  }
  return p;
}

async function follow(
  base: Record<string, unknown>,
  f: FollowUp,
  items: unknown[],
  call: Call,
): Promise<unknown[]> {
  const out: unknown[] = [];
  if (f.batch) {
    for (let start = 0; start < items.length; start += f.batch) {
      const response = await call(f.operation, followParams(base, f, items.slice(start, start + f.batch)));
      out.push(...asList(getPath(response, f.result)));
    }
    return out;
  }
  for (const item of items) {
    let value: unknown;
    try {
      value = getPath(await call(f.operation, followParams(base, f, [item])), f.result);
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
