/** The parts of a botocore service model (`service-2.json`) and paginator file the catalogue reads. */

export interface ModelMember {
  shape: string;
  sensitive?: boolean;
  streaming?: boolean;
}

export interface ModelShape {
  type: string;
  members?: Record<string, ModelMember>;
  required?: string[];
  enum?: string[];
  member?: ModelMember;
  key?: ModelMember;
  value?: ModelMember;
  min?: number;
  max?: number;
  sensitive?: boolean;
  streaming?: boolean;
  payload?: string;
  eventstream?: boolean;
}

export interface ServiceModel {
  metadata: { apiVersion: string; endpointPrefix?: string; signingName?: string; serviceId?: string };
  operations: Record<string, { name: string; input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, ModelShape>;
}

export interface ModelPaginator {
  input_token?: string | string[];
  output_token?: string | string[];
  result_key?: string | string[];
  limit_key?: string;
}

export interface PaginatorModel {
  pagination: Record<string, ModelPaginator>;
}

/** One output member reached while walking an output shape. */
export interface OutputMember {
  /** Path from the response root (template path language; `*` for map values). */
  path: string;
  /** Member names from the root (list and map steps not counted). */
  depth: number;
  name: string;
  shape: ModelShape;
  sensitive: boolean;
  streaming: boolean;
}

/**
 * Every member of an output shape, depth first, up to `maxDepth` member steps; recursive shapes are
 * entered once per path. A sensitive member is reported and not entered (masking takes it whole).
 */
export function walkOutput(model: ServiceModel, root: string, maxDepth = 8): OutputMember[] {
  const out: OutputMember[] = [];
  const visit = (shapeName: string, path: string, depth: number, seen: ReadonlySet<string>) => {
    const shape = model.shapes[shapeName];
    if (!shape || depth >= maxDepth || seen.has(shapeName)) return;
    const inner = new Set(seen).add(shapeName);
    if (shape.type === "list" && shape.member) return visitRef(shape.member, `${path}[]`, depth, inner, "");
    if (shape.type === "map" && shape.value) return visitRef(shape.value, `${path}.*`, depth, inner, "");
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      visitRef(ref, path ? `${path}.${name}` : name, depth + 1, inner, name);
    }
  };
  const visitRef = (
    ref: ModelMember,
    path: string,
    depth: number,
    seen: ReadonlySet<string>,
    name: string,
  ) => {
    const shape = model.shapes[ref.shape];
    if (!shape) return;
    const sensitive = Boolean(ref.sensitive || shape.sensitive);
    const streaming = Boolean(ref.streaming || shape.streaming || shape.eventstream);
    if (name) out.push({ path, depth, name, shape, sensitive, streaming });
    else if (sensitive) out.push({ path, depth, name: "", shape, sensitive, streaming });
    if (!sensitive) visit(ref.shape, path, depth, seen);
  };
  visit(root, "", 0, new Set());
  return out;
}
