import type {
  SystemContentBlock,
  Tool,
  ToolConfiguration,
  ToolInputSchema,
} from "@aws-sdk/client-bedrock-runtime";
import type { ToolSpec } from "../tools/types.ts";

/** Keys that cost tokens and tell the model nothing. */
const NOISE = new Set(["$schema", "$id", "$comment", "title", "examples"]);

/** A JSON Schema without metadata noise, recursively (descriptions, types, enums, defaults stay). */
export function compactSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactSchema);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (NOISE.has(key)) continue;
    out[key] = key === "properties" ? compactProperties(child) : compactSchema(child);
  }
  return out;
}

/** `properties` maps names to schemas: a property may legitimately be called "title". */
function compactProperties(properties: unknown): unknown {
  if (properties === null || typeof properties !== "object") return properties;
  return Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, compactSchema(schema)]),
  );
}

/** Prompt caching (cachePoint blocks) is offered for Anthropic Claude models, incl. inference profiles and ARNs. */
export function supportsPromptCaching(modelId: string): boolean {
  return /(^|[.:/])anthropic\.claude/.test(modelId);
}

/** `toolResult.status` is accepted by Amazon Nova and Anthropic Claude only; others reject the request. */
export function supportsToolStatus(modelId: string): boolean {
  return /(^|[.:/])(anthropic\.claude|amazon\.nova)/.test(modelId);
}

export function buildToolConfig(specs: ToolSpec[], cache: boolean): ToolConfiguration {
  const tools: Tool[] = specs.map((spec) => ({
    toolSpec: {
      name: spec.name,
      description: spec.description,
      inputSchema: { json: compactSchema(spec.inputSchema) as ToolInputSchema.JsonMember["json"] },
    },
  }));
  if (cache) tools.push({ cachePoint: { type: "default" } });
  return { tools };
}

export function buildSystem(prompt: string, cache: boolean): SystemContentBlock[] {
  return cache ? [{ text: prompt }, { cachePoint: { type: "default" } }] : [{ text: prompt }];
}
