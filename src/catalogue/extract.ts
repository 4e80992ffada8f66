import { defaultDenial, isReadVerb } from "./guard-rules.ts";
import { actionName } from "./iam-actions.ts";
import type { ModelMember, ModelPaginator, PaginatorModel, ServiceModel } from "./model.ts";
import { maskPaths, outputDenial } from "./principle.ts";
import type { CatOperation, CatPaginator, CatShape, ServiceCatalogue } from "./types.ts";

/** boto3 service names whose IAM action prefix is neither the signing name nor the endpoint prefix. */
const IAM_PREFIX: Record<string, string> = {
  resourcegroupstaggingapi: "tag",
  "sso-admin": "sso",
  opensearch: "es",
  dynamodbstreams: "dynamodb",
};

/** The catalogue entry of one service, from its botocore model and paginators. */
export function extractService(name: string, model: ServiceModel, pages: PaginatorModel): ServiceCatalogue {
  const iam = IAM_PREFIX[name] ?? model.metadata.signingName ?? model.metadata.endpointPrefix ?? name;
  const ops: Record<string, CatOperation> = {};
  const shapes: Record<string, CatShape> = {};
  for (const opName of Object.keys(model.operations).sort()) {
    const op = model.operations[opName]!;
    const entry: CatOperation = { items: "@" };
    if (op.input) entry.in = op.input.shape;
    const page = paginator(pages.pagination[opName]);
    entry.items = itemsPath(model, op.output?.shape, pages.pagination[opName]);
    if (page) entry.page = page;
    const mask = maskPaths(model, opName);
    if (mask.length) entry.mask = mask;
    const deny = defaultDenial(name, opName, actionName(name, opName, iam), outputDenial(model, opName));
    if (deny) entry.deny = deny;
    // Input shapes only for reads: a mutating operation never gets past the guard, so never validates.
    if (op.input && isReadVerb(opName)) addShape(model, op.input.shape, shapes);
    ops[opName] = entry;
  }
  // Output shapes (after every input shape, so shared shapes keep their constraints) only for what the
  // guard allows: paths of `items`, `select` and `where` are checked on them. Scalars need no constraints.
  for (const [opName, entry] of Object.entries(ops)) {
    const output = model.operations[opName]!.output;
    if (output && !entry.deny) entry.out = addShape(model, output.shape, shapes, false);
  }
  return { api: model.metadata.apiVersion, iam, ops, shapes };
}

/** A paginator the template can follow: exactly one input token and one plain output path. */
function paginator(p: ModelPaginator | undefined): CatPaginator | undefined {
  if (!p?.input_token || !p.output_token) return undefined;
  const input = [p.input_token].flat();
  const output = [p.output_token].flat();
  if (input.length !== 1 || output.length !== 1) return undefined;
  // `NextMarker || Contents[-1].Key` (S3 ListObjects): the first alternative is the token AWS sends.
  const out = output[0]!.split("||")[0]!.trim();
  if (!/^[A-Za-z0-9_.]+$/.test(out)) return undefined;
  return { in: input[0]!, out, ...(p.limit_key ? { limit: p.limit_key } : {}) };
}

/**
 * The paginator's (first) result key, else the output's only list member (not counting lists of
 * failures or unprocessed keys, as in ECS `DescribeClusters`), else the whole response.
 */
function itemsPath(model: ServiceModel, output: string | undefined, p: ModelPaginator | undefined): string {
  const key = p?.result_key ? [p.result_key].flat()[0] : undefined;
  if (key && /^[A-Za-z0-9_.]+$/.test(key)) return isList(model, output, key) ? `${key}[]` : key;
  const members = Object.entries(model.shapes[output ?? ""]?.members ?? {});
  const lists = members.filter(
    ([name, m]) => model.shapes[m.shape]?.type === "list" && !/^(failures|unprocessed|errors)/i.test(name),
  );
  return lists.length === 1 ? `${lists[0]![0]}[]` : "@";
}

function isList(model: ServiceModel, output: string | undefined, path: string): boolean {
  let shape = model.shapes[output ?? ""];
  for (const part of path.split(".")) shape = model.shapes[shape?.members?.[part]?.shape ?? ""];
  return shape?.type === "list";
}

/**
 * Adds `name` and every shape it reaches; scalars without constraints (or every scalar, when
 * `constraints` is false: output shapes) are written `#type`.
 */
function addShape(
  model: ServiceModel,
  name: string,
  shapes: Record<string, CatShape>,
  constraints = true,
): string {
  const shape = model.shapes[name];
  if (!shape) return "#string";
  const scalar = !["structure", "list", "map"].includes(shape.type);
  const bare = shape.enum === undefined && shape.min === undefined && shape.max === undefined;
  if (scalar && (bare || !constraints)) return `#${shape.type}`;
  if (shapes[name]) return name;
  const out: CatShape = { t: shape.type as CatShape["t"] };
  shapes[name] = out;
  const ref = (m: ModelMember | undefined) => (m ? addShape(model, m.shape, shapes, constraints) : "#string");
  if (shape.type === "structure") {
    out.m = {};
    for (const [member, m] of Object.entries(shape.members ?? {})) out.m[member] = ref(m);
    if (shape.required?.length && constraints) out.r = [...shape.required];
  } else if (shape.type === "list") out.i = ref(shape.member);
  else if (shape.type === "map") out.i = ref(shape.value);
  if (!constraints) return name;
  if (shape.enum) out.e = [...shape.enum];
  if (shape.min !== undefined) out.min = shape.min;
  if (shape.max !== undefined) out.max = shape.max;
  return name;
}
