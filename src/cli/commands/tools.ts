import { defineCommand } from "citty";
import { OpsError } from "../../errors.ts";
import { didYouMean } from "../../suggest.ts";
import type { ToolSpec } from "../../tools/types.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { parseFormat, print, renderJson, renderYaml } from "../output.ts";
import { withRuntime } from "../runtime.ts";

type Schema = Record<string, unknown>;

/** `states: array of running|stopped (required)` — one line per argument, for people. */
function describeArgument(name: string, schema: Schema, required: boolean): string {
  const items = schema.items as Schema | undefined;
  const type = schema.type === "array" ? `array of ${typeText(items ?? {})}` : typeText(schema);
  const text = typeof schema.description === "string" ? ` — ${schema.description}` : "";
  return `    ${name}: ${type}${required ? " (required)" : ""}${text}`;
}

function typeText(schema: Schema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join("|");
  return String(schema.type ?? "any");
}

export function renderToolsText(specs: ToolSpec[]): string {
  return specs
    .map((spec) => {
      const properties = (spec.inputSchema.properties as Record<string, Schema> | undefined) ?? {};
      const required = new Set((spec.inputSchema.required as string[] | undefined) ?? []);
      const args = Object.entries(properties).map(([name, s]) =>
        describeArgument(name, s, required.has(name)),
      );
      return [
        spec.name,
        `  ${spec.description.trim().replace(/\s+/g, " ")}`,
        ...(args.length ? ["  arguments:", ...args] : []),
      ].join("\n");
    })
    .join("\n\n");
}

/** The one tool `name` names, or an unknown-tool error with the nearest name (never the whole list). */
export function pickTool(specs: ToolSpec[], name: string | undefined): ToolSpec[] {
  if (name === undefined) return specs;
  const spec = specs.find((s) => s.name === name);
  if (spec) return [spec];
  const near = didYouMean(
    name,
    specs.map((s) => s.name),
  );
  throw new OpsError("E_UNKNOWN_TOOL", `unknown tool "${name}"${near}`, {
    hint: "ops-agent tools lists the tools",
  });
}

export default defineCommand({
  meta: {
    name: "tools",
    description: "List every tool with its description and input schema (tools NAME: one tool)",
  },
  args: {
    ...commonArgs,
    name: { type: "positional", description: "One tool to show", required: false },
    output: { type: "string", description: "table|json|yaml (table: text for people)", valueHint: "format" },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["table", "json", "yaml"], "table");
    const name = typeof args.name === "string" && args.name !== "" ? args.name : undefined;
    const specs = await withRuntime(await createCliContext(args), async (runtime) =>
      pickTool(runtime.executor.specs(), name),
    );
    if (format === "table") print(renderToolsText(specs));
    else {
      const doc = name ? specs[0] : { tools: specs };
      print(format === "json" ? renderJson(doc) : renderYaml(doc));
    }
  },
});
