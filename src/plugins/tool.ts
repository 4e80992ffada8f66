import { isObject } from "../_json.ts";
import { builtinCatalogue } from "../catalogue/builtin.ts";
import { isKnownRegion } from "../config/regions.ts";
import { compileSchema } from "../config/yaml-source.ts";
import { OpsError } from "../errors.ts";
import { boundProperties } from "./bounds.ts";
import type { ToolDef } from "./format.ts";
import { iamAction } from "./iam.ts";
import { renderScript } from "./script.ts";
import { secureSpec } from "./secure-spec.ts";
import { buildSpec } from "./spec.ts";
import type { PluginTool } from "./types.ts";

/** A loaded tool: validates arguments, re-runs the guard and renders its script on every call. */
export function createPluginTool(
  service: string,
  def: ToolDef,
  source: string,
  allowOperations: readonly string[],
): PluginTool {
  const inputSchema: Record<string, unknown> = {
    type: "object",
    // Bounded at load: a plugin whose arguments could carry megabytes or raw structures fails here.
    properties: boundProperties(def.input?.properties ?? {}, `${source} ${def.name}`),
    required: def.input?.required ?? [],
    additionalProperties: false,
  };
  // Canonical names (as AWS resolves them), so `iam-policy` prints canonical actions only.
  const canonical = (op: string) => builtinCatalogue().resolve(service, op) ?? op;
  const operations = [
    ...new Set(
      [
        def.operation,
        ...(def.follow ?? []).map((f) => f.operation),
        ...(def.parent ? [def.parent.operation] : []),
      ].map(canonical),
    ),
  ];
  return {
    name: def.name,
    service,
    description: def.description,
    inputSchema,
    operations,
    iamActions: [...new Set(operations.map((op) => iamAction(service, op)))].sort(),
    source,
    global: def.region_param !== undefined,
    render(args, regions, options = {}) {
      if (!isObject(args)) throw new OpsError("E_VALIDATION", `${def.name}: arguments must be an object`);
      // Compiled on first use and cached by compileSchema: start-up compiles no input schema.
      const validate = compileSchema(inputSchema);
      if (!validate(args)) {
        const why = (validate.errors ?? [])
          .map(
            (e) =>
              `${e.instancePath || "arguments"} ${e.message}${e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : ""}`,
          )
          .join("; ");
        throw new OpsError("E_VALIDATION", `${def.name}: invalid arguments: ${why}`, {
          hint: "see `ops-agent tools` for the tool's input schema",
        });
      }
      const bad = regions.filter((r) => typeof r !== "string" || !isKnownRegion(r));
      if (regions.length === 0 || bad.length > 0) {
        throw new OpsError(
          "E_VALIDATION",
          `${def.name}: ${bad.length > 0 ? `${JSON.stringify(bad[0])} is not an AWS region name` : "no region to query"}`,
        );
      }
      // Guard exactly what the script will call, again at call time; mask sensitive output members.
      const spec = buildSpec(service, def, args, regions, options.allRegions === true);
      return renderScript(secureSpec(spec, allowOperations));
    },
  };
}
