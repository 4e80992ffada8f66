/**
 * The operation catalogue: a compact extract of botocore's service models (see scripts/gen-catalogue.ts),
 * only what validation, pagination, masking and the guard need. Keys are kept short: the six default
 * services ship inside the binary.
 */

/** A primitive type, written `#string` etc. where a member needs no constraints of its own. */
export type ScalarType =
  | "string"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "boolean"
  | "timestamp"
  | "blob";

/** One input or output shape. `t` is the botocore type; the other keys depend on it. */
export interface CatShape {
  t: ScalarType | "structure" | "list" | "map";
  /** structure: member name → shape name (or `#type`). */
  m?: Record<string, string>;
  /** structure: required member names. */
  r?: string[];
  /** string: allowed values. */
  e?: string[];
  /** list: element shape; map: value shape. */
  i?: string;
  /** Smallest number, or shortest string/list. */
  min?: number;
  /** Largest number, or longest string/list. */
  max?: number;
}

/** botocore paginator, when it has one input and one output token the template can follow. */
export interface CatPaginator {
  /** Request parameter carrying the token. */
  in: string;
  /** Response path of the next token. */
  out: string;
  /** Page size parameter, when the operation has one. */
  limit?: string;
}

export interface CatOperation {
  /** Input shape name; absent when the operation takes no input. */
  in?: string;
  /**
   * Output shape name, for operations the guard allows (paths of `items`, `select` and `where` are
   * checked on it); absent when denied or when the operation answers nothing.
   */
  out?: string;
  /** Default path of the items to return: the paginator's result key, else the one list of the output. */
  items: string;
  page?: CatPaginator;
  /** Output paths (template path language, `*` = every map value) the models mark sensitive: masked. */
  mask?: string[];
  /** Why the read-only guard refuses this operation by default (absent: allowed). */
  deny?: string;
}

export interface ServiceCatalogue {
  /** API version of the model (botocore's newest). */
  api: string;
  /** IAM action prefix (`elasticloadbalancing` for elbv2). */
  iam: string;
  ops: Record<string, CatOperation>;
  /** Input shapes of the read operations and output shapes of the allowed ones (mutating operations never get past the guard). */
  shapes: Record<string, CatShape>;
}

export interface CatalogueSource {
  /** Where the models came from: `botocore`. */
  source: string;
  /** Its version, e.g. `1.43.11`. */
  version: string;
}
