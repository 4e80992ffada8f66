import { OpsError } from "../errors.ts";
import { serverText } from "./errors.ts";
import type { ToolCallOutput } from "./types.ts";

/** The parts of an MCP `CallToolResult` we read. */
export interface ToolResultEnvelope {
  content?: Array<{ type: string; text?: unknown }>;
  structuredContent?: unknown;
  isError?: boolean;
}

/**
 * Unpacks a tool result: `structuredContent` when present, else the text content parsed as JSON,
 * else the text. `isError: true` becomes `E_MCP_TOOL` with the server's text in the message (the
 * `run_script` envelope is undocumented, so all three shapes are accepted).
 */
export function unpackToolResult(tool: string, result: ToolResultEnvelope): ToolCallOutput {
  const text = (result.content ?? [])
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text as string)
    .join("");
  if (result.isError === true) {
    throw new OpsError("E_MCP_TOOL", `${tool} failed: ${serverText(text) || "(no message)"}`, {
      details: { tool },
    });
  }
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    return { value: result.structuredContent, from: "structured", text };
  }
  try {
    return { value: JSON.parse(text), from: "json-text", text };
  } catch {
    return { value: text, from: "text", text };
  }
}
