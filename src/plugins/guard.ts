import { builtinCatalogue } from "../catalogue/builtin.ts";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { defaultDenial, isReadVerb, WRITE } from "../catalogue/guard-rules.ts";
import { actionName } from "../catalogue/iam-actions.ts";
import { operationKey, suggest } from "../catalogue/names.ts";
import { OpsError } from "../errors.ts";

export type GuardVerdict = { ok: true; operation: string } | { ok: false; error: OpsError };

/**
 * The read-only guard. `operation` is resolved the way AWS resolves names (case-insensitively, after
 * botocore's `xform_name`) to the catalogue's canonical name, which is what the script then calls; an
 * operation the catalogue does not know is refused. A mutating verb is always refused; a denied read
 * passes only when `allowOperations` (setting `readonly.allow_operations`) names it. Runs at plugin load
 * and again in every `render()`.
 */
export function checkOperation(
  service: string,
  operation: string,
  allowOperations: readonly string[],
  catalogue: Catalogue = builtinCatalogue(),
): GuardVerdict {
  const refuse = (why: string): GuardVerdict => ({
    ok: false,
    error: new OpsError("E_READONLY", `${service}:${operation} is refused by the read-only guard: ${why}`, {
      hint: "only read operations run; an administrator can re-allow a denied read with readonly.allow_operations (service:Operation)",
      details: { service, operation },
    }),
  });
  if (!/^[a-z][a-z0-9-]*$/.test(service)) return refuse("the service name is not a boto3 service name");
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(operation)) return refuse("not an AWS operation name");
  const entry = catalogue.service(service);
  if (!entry) return refuse(`service ${service} is not in the operation catalogue `);
  const canonical = catalogue.resolve(service, operation);
  // Unclassified is refused: an operation the catalogue does not know never runs.
  if (!canonical)
    return refuse(`not in the operation catalogue${suggest(operation, Object.keys(entry.ops))}`);
  const why = defaultDenial(
    service,
    canonical,
    actionName(service, canonical, entry.iam),
    entry.ops[canonical]!.deny,
  );
  if (why === WRITE) return refuse(WRITE);
  if (why && !allowOperations.some((a) => sameOperation(a, service, canonical))) return refuse(why);
  return { ok: true, operation: canonical };
}

function sameOperation(entry: string, service: string, operation: string): boolean {
  const at = entry.indexOf(":");
  return entry.slice(0, at) === service && operationKey(entry.slice(at + 1)) === operationKey(operation);
}

/** Throws the guard's OpsError when refused; returns the canonical operation name. */
export function assertReadOnly(
  service: string,
  operation: string,
  allowOperations: readonly string[],
  catalogue?: Catalogue,
): string {
  const verdict = checkOperation(service, operation, allowOperations, catalogue);
  if (!verdict.ok) throw verdict.error;
  return verdict.operation;
}

/**
 * `readonly.allow_operations` may only re-allow reads: a mutating verb is refused (E_CONFIG), so it is
 * never accepted, sent or printed by `iam-policy`.
 */
export function checkAllowOperations(
  entries: readonly string[],
  catalogue: Catalogue = builtinCatalogue(),
): void {
  for (const entry of entries) {
    const at = entry.indexOf(":");
    const op = entry.slice(at + 1);
    const named = at > 0 && /^[A-Za-z][A-Za-z0-9_-]*$/.test(op);
    const pascal = op
      .split(/[-_]/)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join("");
    const canonical = named ? (catalogue.resolve(entry.slice(0, at), op) ?? pascal) : "";
    if (!isReadVerb(canonical)) {
      throw new OpsError(
        "E_CONFIG",
        `readonly.allow_operations: "${entry}" is not a read operation; it can only re-allow a denied read`,
        { hint: "e.g. s3:GetObject; mutating operations are never allowed", details: { entry } },
      );
    }
  }
}
