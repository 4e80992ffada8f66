/**
 * The plugin file format (`plugins/<service>.yaml`), as TypeScript types. Plugins are data: the
 * loader validates them against `schema/plugin.schema.json` (same fields, same words) and the read-only
 * guard; nothing in a plugin is ever executed.
 *
 * Path expressions (used by `items`, `select`, `output_token`, follow-ups) are deliberately tiny, and
 * evaluated identically by the Python template and by `runSpec`:
 * - `A.B.C` walks object keys; a missing key gives `null`.
 * - `A[]` projects over a list: the rest of the path is applied to each element, `null`s are dropped,
 *   and nested projections are flattened (`Reservations[].Instances[]` is a flat list of instances).
 * - `tag:Name` reads a tag from the object's `Tags` (or `tags`): a `[{Key, Value}]` list or a map.
 *   Tag keys cannot contain `.`.
 * - `@` is the value itself (e.g. a list of names returned by `ListClusters`).
 *
 * One call, per account and region, in this order: (with `parent` and no parent argument: list the
 * parents and do the rest once per parent, see `ParentDef`) call `operation` with `params` + mapped arguments;
 * take `items` from each page and drop those failing `where` mappings; page until no token, `max_pages`
 * or `max_items`; cut to `max_items`; run `follow` steps in order; apply `select`. The result is
 * `{items, truncated, next_token}`: `truncated` when pages or items were left, `next_token` the last
 * page's token (items cut from that page are not recoverable through it).
 */

/** One plugin file: the tools of one AWS service. */
export interface PluginFile {
  /** boto3 service name (`ec2`, `s3`, `lambda`…); every tool's name starts with `<service>_` (`-` written `_`). */
  service: string;
  /** What this plugin covers, for people reading `ops-agent tools`. */
  description: string;
  /** The tools this file declares; names are unique within the file. */
  tools: ToolDef[];
}

/** One tool: one AWS read operation (plus optional follow-up reads), trimmed to what the model needs. */
export interface ToolDef {
  /** `<service>_<verb>_<noun>` in snake case, e.g. `ec2_describe_instances`. */
  name: string;
  /** Written for the model: what the tool returns and when to use it. */
  description: string;
  /**
   * JSON Schema (type object) of the tool's own arguments: filters, ids, names, states, tags. Flat:
   * properties are strings, numbers, booleans or lists of those. `accounts` and `regions` are added by
   * the executor and must not appear here. The loader forces `additionalProperties: false`.
   */
  input?: InputSchema;
  /** The AWS API operation, PascalCase as in boto3's `operation_name` (`DescribeInstances`). */
  operation: string;
  /** Fixed API parameters sent on every call (`OwnerIds: [self]`). Arguments are added on top. */
  params?: Record<string, unknown>;
  /**
   * Request parameter set to the call's region, for global listings that can filter by region
   * (S3 `ListBuckets` → `BucketRegion`), so each account×region unit reports only its own resources.
   */
  region_param?: string;
  /** How each input property becomes an API parameter, an EC2 filter or a client-side match. */
  map?: Record<string, ParamMapping>;
  /** Path to the list of result items in each response page (`Reservations[].Instances[]`, `@`). */
  items: string;
  /** Pagination; without it the operation is called once. */
  paginate?: Paginate;
  /** Most items returned per account and region (default 200). Further items set `truncated`. */
  max_items?: number;
  /** Further reads per item or per batch of items (`ListClusters` → `DescribeCluster`). */
  follow?: FollowUp[];
  /** Output fields: name → path expression or derived value. Without it, items are returned whole. */
  select?: Record<string, SelectExpr>;
  /**
   * The parent resource the operation needs (ECS services → a cluster): with it, the tool also works
   * when the argument naming the parent is absent, by listing every parent of the account and region
   * in the same script. Select a field naming the parent (`cluster: clusterArn`) so items say whose
   * they are.
   */
  parent?: ParentDef;
}

/**
 * How a tool finds its parents (`ListClusters`) when the argument that names one is absent.
 * - Argument absent: list the parents (pages and caps as below), then for each parent run the tool's
 *   own pages, `where` and follow-ups with `param` set to it, until `max_items` items in all (the
 *   remaining parents left out set `truncated`). A parent that fails with a `not_found` code (deleted
 *   since the listing) is skipped; any other error is the region's error, as without a parent.
 * - Argument given: the tool runs as without `parent`, except that a `not_found` error makes the
 *   region answer no items and `not_found: {param, value, code, message}`: the named parent does not
 *   exist in that account and region. That is an answer ("not here"), not a failure.
 */
export interface ParentDef {
  /** Request parameter of the tool's operation that names the parent (`cluster`); a `map` target of an optional input. */
  param: string;
  /** Operation of the same service listing the parents (`ListClusters`); guarded like the main one. */
  operation: string;
  /** Fixed parameters of the listing call. */
  params?: Record<string, unknown>;
  /** Path of the parent identifiers in each page of the listing (`clusterArns[]`): what `param` receives. */
  items: string;
  /** Pagination of the listing; without it, one call. */
  paginate?: Paginate;
  /** Most parents per account and region (default 100); more set `truncated`. */
  max_items?: number;
  /** AWS error codes meaning "this parent does not exist here" (`ClusterNotFoundException`). */
  not_found?: string[];
}

/** A small JSON Schema for tool input. Only the keywords listed here are accepted. */
export interface InputSchema {
  /** Always `object`. */
  type: "object";
  /** Argument name (snake case; not `accounts`, `regions` or `region`) → its schema. */
  properties: Record<string, InputProperty>;
  /** Arguments the model must give. */
  required?: string[];
}

/** One argument: a scalar or a list of scalars, never an object (tool input stays flat). */
export interface InputProperty {
  /** `string`, `integer`, `number`, `boolean` or `array` (of scalars). */
  type: "string" | "integer" | "number" | "boolean" | "array";
  /** For the model: what the value means, with an example. */
  description: string;
  /** Allowed values (scalars). */
  enum?: Array<string | number | boolean>;
  /** Regex a string must match (e.g. `^i-[0-9a-f]+$`). */
  pattern?: string;
  /** Smallest allowed number. */
  minimum?: number;
  /** Largest allowed number. */
  maximum?: number;
  /** Element schema of an `array` property (scalars only). */
  items?: Omit<InputProperty, "description" | "items" | "maxItems"> & { description?: string };
  /** Longest allowed list (default 100, at most 1000). */
  maxItems?: number;
  /** Longest allowed string (default 256, at most 4096); also for string items. */
  maxLength?: number;
}

/**
 * How one input property reaches the API. Exactly one of `param`, `filter`, `tag_filter`, `where`.
 */
export interface ParamMapping {
  /** API parameter (dotted path for nested structures) that receives the value. */
  param?: string;
  /** EC2-style filter name: appends `{Name: <filter>, Values: [...]}` to `Filters`. */
  filter?: string;
  /** `true`: values `Key=Value` become `tag:Key` filters, a bare `Key` becomes a `tag-key` filter. */
  tag_filter?: boolean;
  /**
   * Client-side match on the raw items of each page, before `max_items` counts them: keeps items whose
   * value at this path (or any element of it) equals the argument (or one of its values, for lists).
   * Prefer API filters when they exist.
   */
  where?: string;
  /** With `param`: wrap a scalar argument into a one-element list (`bucket` → `Buckets: [b]`). */
  as_list?: boolean;
}

export interface Paginate {
  /** Request parameter that carries the continuation token (`NextToken`, `Marker`). */
  input_token: string;
  /** Response path of the next token (`NextToken`, `NextMarker`); absent or empty ends pagination. */
  output_token: string;
  /**
   * Page size request parameter and the value to send (`MaxResults: 100`). Leave it out when the API
   * refuses it together with id lists (EC2 `DescribeInstances` with `InstanceIds`).
   */
  page_size?: { param: string; value: number };
  /** Most pages fetched per account and region (default 5). More pages set `truncated`. */
  max_pages?: number;
}

/**
 * A follow-up read. Per item by default; with `batch`, one call per batch of up to `batch` items whose
 * result list replaces those items (`DescribeClusters` with 100 ARNs).
 */
export interface FollowUp {
  /** Operation of the same service, PascalCase; guarded like the main one. */
  operation: string;
  /** Fixed parameters. */
  params?: Record<string, unknown>;
  /** Parameter → path in the item (`@` for the item itself); a list of those paths' values with `batch`. */
  item_params: Record<string, string>;
  /** Parameters copied from the main call (`cluster` for `DescribeServices`). */
  inherit?: string[];
  /** Batch size: call once per up to this many items. */
  batch?: number;
  /** Path in the response: the item's new value (per item) or the list of new items (batch). */
  result: string;
  /** Per item only: store the result under this key of the item instead of replacing the item. */
  into?: string;
  /** Per item only: AWS error codes that become this value instead of failing the call. */
  on_error?: Record<string, unknown>;
}

/** A scalar literal in a `select` comparison. */
export type Literal = string | number | boolean | null;

/**
 * A selected field: a path, or a path with one modifier:
 * `default` (value when null), `contains` (the list at path contains the literal),
 * `in` (the value, or any element of it, is one of the literals), `count` (length of the list at path),
 * `exists` (not null and not an empty list), `matching` (the elements of the list at path whose value at
 * `matching.path`, or any element of it, is one of `matching.in`: e.g. the security group rules open to
 * the world, returned whole).
 */
export type SelectExpr =
  | string
  | { path: string; default: Literal }
  | { path: string; contains: Literal }
  | { path: string; in: Literal[] }
  | { path: string; count: true }
  | { path: string; exists: true }
  | { path: string; matching: SelectMatch };

/** The condition of a `matching` selection, evaluated on each element of the list. */
export interface SelectMatch {
  /** Path inside one element (`IpRanges[].CidrIp`). */
  path: string;
  /** The element is kept when its value at `path`, or any element of it, is one of these. */
  in: Literal[];
}
