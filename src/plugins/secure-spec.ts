import { builtinCatalogue } from "../catalogue/builtin.ts";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { assertReadOnly } from "./guard.ts";
import type { CallSpec } from "./spec.ts";

/**
 * The last step before a spec becomes a script, for every tool: each operation it calls passes the
 * read-only guard and is replaced by its canonical name (what AWS would resolve it to), and the
 * catalogue's sensitive output paths of each operation are attached for masking inside the script.
 */
export function secureSpec(
  spec: CallSpec,
  allowOperations: readonly string[],
  catalogue: Catalogue = builtinCatalogue(),
): CallSpec {
  const canonical = (op: string) => assertReadOnly(spec.service, op, allowOperations, catalogue);
  const operation = canonical(spec.operation);
  const follow = spec.follow.map((f) => ({ ...f, operation: canonical(f.operation) }));
  const parent = spec.parent && { ...spec.parent, operation: canonical(spec.parent.operation) };
  const mask: Record<string, string[]> = {};
  const ops = catalogue.service(spec.service)?.ops ?? {};
  for (const op of [operation, ...follow.map((f) => f.operation), ...(parent ? [parent.operation] : [])]) {
    const paths = ops[op]?.mask;
    if (paths?.length) mask[op] = paths;
  }
  return {
    ...spec,
    operation,
    follow,
    ...(parent ? { parent } : {}),
    ...(Object.keys(mask).length ? { mask } : {}),
  };
}
