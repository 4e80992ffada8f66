import { isObject } from "../_json.ts";
import type { FollowUp, Paginate, ParentDef, SelectExpr, ToolDef } from "./format.ts";

const DEFAULT_MAX_ITEMS = 200;
const DEFAULT_MAX_PAGES = 5;
const DEFAULT_MAX_PARENTS = 100;

/**
 * Everything one generated script does, as data. It is embedded in the script as one JSON string
 * literal; the fixed template (template.py) and `runSpec` interpret it the same way.
 */
export interface CallSpec {
  v: 2;
  service: string;
  operation: string;
  /** The account's regions this script covers, in order; the script answers each one separately. */
  regions: string[];
  /** Request parameters of the first page: fixed params, mapped arguments, page size. */
  params: Record<string, unknown>;
  /** A parameter that takes the region itself (S3 `BucketRegion`), set per region by the script. */
  region_param: string | null;
  /** Path of the items in each page. */
  items: string;
  paginate: PageSpec;
  max_items: number;
  /** Client-side matches from `where` mappings: keep items whose value at path is one of values. */
  where: Array<{ path: string; values: unknown[] }>;
  follow: FollowUp[];
  select: Record<string, SelectExpr> | null;
  /** Operation → output paths masked in every response of it (the catalogue's sensitive members). */
  mask?: Record<string, string[]>;
  /** The tool's parent (`ParentDef`): listed when `params` lacks `parent.param`. */
  parent?: ParentSpec;
}

/** Page loop of one listing: the continuation token's request and response places, and the page cap. */
export type PageSpec = { input_token: string; output_token: string; max_pages: number } | null;

/** How the script lists a tool's parents, and which error codes mean "that parent is not here". */
export interface ParentSpec {
  /** Request parameter naming the parent; present in `CallSpec.params` when the arguments named one. */
  param: string;
  /** The listing operation (canonical name after `secureSpec`). */
  operation: string;
  /** Request parameters of the listing's first page (fixed params, page size). */
  params: Record<string, unknown>;
  /** Path of the parent identifiers in each listing page. */
  items: string;
  /** Page loop of the listing. */
  paginate: PageSpec;
  /** Most parents listed; more set `truncated`. */
  max_items: number;
  /** AWS error codes meaning "that parent is not here": `not_found` when named, skipped when listed. */
  not_found: string[];
}

/** Builds the spec of one call from a validated tool definition and validated arguments. */
export function buildSpec(
  service: string,
  def: ToolDef,
  args: Record<string, unknown>,
  regions: string[],
  allRegions = false,
): CallSpec {
  const params = structuredClone(def.params ?? {});
  const where: CallSpec["where"] = [];
  for (const [input, mapping] of Object.entries(def.map ?? {})) {
    const value = args[input];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    if (mapping.param)
      setPath(params, mapping.param, mapping.as_list && !Array.isArray(value) ? [value] : value);
    else if (mapping.filter) addFilter(params, mapping.filter, values);
    else if (mapping.tag_filter) for (const tag of values) addTagFilter(params, String(tag));
    else if (mapping.where) where.push({ path: mapping.where, values });
  }
  const pg = def.paginate;
  const maxItems = def.max_items ?? DEFAULT_MAX_ITEMS;
  if (pg?.page_size) params[pg.page_size.param] = pg.page_size.value;
  return {
    v: 2,
    service,
    operation: def.operation,
    regions,
    params,
    region_param: allRegions ? null : (def.region_param ?? null),
    items: def.items,
    paginate: pageSpec(pg),
    max_items: maxItems,
    where,
    follow: def.follow ?? [],
    select: def.select ?? null,
    ...(def.parent ? { parent: parentSpec(def.parent) } : {}),
  };
}

function pageSpec(pg: Paginate | undefined): PageSpec {
  return pg
    ? {
        input_token: pg.input_token,
        output_token: pg.output_token,
        max_pages: pg.max_pages ?? DEFAULT_MAX_PAGES,
      }
    : null;
}

function parentSpec(p: ParentDef): ParentSpec {
  const params = structuredClone(p.params ?? {});
  if (p.paginate?.page_size) params[p.paginate.page_size.param] = p.paginate.page_size.value;
  return {
    param: p.param,
    operation: p.operation,
    params,
    items: p.items,
    paginate: pageSpec(p.paginate),
    max_items: p.max_items ?? DEFAULT_MAX_PARENTS,
    not_found: p.not_found ?? [],
  };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function addFilter(params: Record<string, unknown>, name: string, values: unknown[]): void {
  const filters = Array.isArray(params.Filters) ? params.Filters : [];
  filters.push({ Name: name, Values: values.map(String) });
  params.Filters = filters;
}

/** `Key=Value` → `tag:Key` filter; `Key` alone → `tag-key` filter (EC2 conventions). */
function addTagFilter(params: Record<string, unknown>, tag: string): void {
  const at = tag.indexOf("=");
  if (at < 0) addFilter(params, "tag-key", [tag]);
  else addFilter(params, `tag:${tag.slice(0, at)}`, [tag.slice(at + 1)]);
}
