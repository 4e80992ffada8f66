import { elementOf, walkOutput } from "../catalogue/output-paths.ts";
import type { ServiceCatalogue } from "../catalogue/types.ts";
import { OpsError } from "../errors.ts";
import type { SelectExpr } from "../plugins/format.ts";
import { AWS_READ } from "./aws-read-schema.ts";

/** The paths of one `aws_read` call: `items` on the response, `select` and `where` on each item. */
export interface ReadPaths {
  items: string;
  select: Record<string, SelectExpr> | null;
  where: ReadonlyArray<{ path: string }>;
}

/**
 * Refuses `items`, `select` and `where` paths that the operation's output shape cannot yield: at run
 * time a misspelled member yields nothing, and `where` on it keeps no item — "No items", exit 0, a
 * confident wrong answer. Names are the API's output members, case-sensitive, as boto3 returns them.
 */
export function checkReadPaths(
  service: ServiceCatalogue,
  label: string,
  outputShape: string | undefined,
  paths: ReadPaths,
): void {
  if (!outputShape) return;
  const items = walkOutput(service, outputShape, paths.items, true);
  if (!items.ok) refuse(label, "items", paths.items, items.problem);
  const item = elementOf(service, items.type);
  for (const [name, expr] of Object.entries(paths.select ?? {})) {
    const path = typeof expr === "string" ? expr : expr.path;
    const got = walkOutput(service, item, path);
    if (!got.ok) refuse(label, `select.${name}`, path, got.problem);
    if (typeof expr !== "string" && "matching" in expr) {
      const inner = walkOutput(service, elementOf(service, got.type), expr.matching.path);
      if (!inner.ok) refuse(label, `select.${name}.matching`, expr.matching.path, inner.problem);
    }
  }
  for (const { path } of paths.where) {
    const got = walkOutput(service, item, path);
    if (!got.ok) refuse(label, "where", path, got.problem);
  }
}

function refuse(label: string, field: string, path: string, problem: string): never {
  throw new OpsError("E_VALIDATION", `${AWS_READ}: ${field} path "${path}" of ${label}: ${problem}`, {
    hint: "paths name the operation's output members (case-sensitive, as in the AWS API reference); items paths start at the response, select and where paths at one item",
    details: { field: field.split(".")[0] },
  });
}
