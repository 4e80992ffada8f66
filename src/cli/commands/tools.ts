import { defineCommand } from "citty";
import type { ToolSpec } from "../../tools/types.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { parseFormat, print, renderJson } from "../output.ts";
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

export default defineCommand({
  meta: { name: "tools", description: "List every tool with its description and input schema" },
  args: {
    ...commonArgs,
    output: { type: "string", description: "table|json", valueHint: "format" },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["table", "json"], "table");
    const specs = await withRuntime(await createCliContext(args), async (runtime) =>
      runtime.executor.specs(),
    );
    print(format === "json" ? renderJson({ tools: specs }) : renderToolsText(specs));
  },
});
