import { OpsError } from "../errors.ts";
import { jsonTooDeep } from "./bounded-response.ts";
import { awsErrorCode, serverText } from "./errors.ts";
import type { McpCallOutput } from "./types.ts";

/** The parts of an MCP `CallToolResult` we read. */
export interface McpToolResult {
  content?: Array<{ type: string; text?: unknown }>;
  structuredContent?: unknown;
  isError?: boolean;
}

/**
 * Unpacks the result of a `tools/call` to the MCP server (its script tool): `structuredContent` when present, else the text content parsed as JSON,
 * else the text. `isError: true` becomes `E_MCP_TOOL` with the server's text in the message (the
 * `run_script` envelope is undocumented, so all three shapes are accepted).
 */
export function unpackToolResult(tool: string, result: McpToolResult, maxDepth = 100): McpCallOutput {
  const text = (result.content ?? [])
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text as string)
    .join("");
  if (result.isError === true) {
    const aws_code = awsErrorCode(text);
    throw new OpsError("E_MCP_TOOL", `${tool} failed: ${serverText(text) || "(no message)"}`, {
      details: aws_code ? { tool, aws_code } : { tool },
    });
  }
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    return { value: result.structuredContent, from: "structured", text };
  }
  // The text is JSON inside a JSON string: the byte layer could not see its nesting.
  if (jsonTooDeep(text, maxDepth)) {
    throw new OpsError("E_MCP_RESPONSE", `${tool} answered JSON nested deeper than ${maxDepth} levels`, {
      details: { tool },
    });
  }
  try {
    return { value: JSON.parse(text), from: "json-text", text };
  } catch {
    return { value: text, from: "text", text };
  }
}
