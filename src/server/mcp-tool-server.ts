import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { redactError } from "../redact.ts";
import { tracing } from "../telemetry/index.ts";
import type { Executor } from "../tools/types.ts";

export interface McpToolServerOptions {
  executor: Executor;
  logger: Logger;
  version: string;
}

/** Every executor tool we serve only reads: MCP clients may auto-approve them. */
const ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/**
 * The executor's tools (plugin tools with `accounts`/`regions`, and `list_accounts`) as an MCP server. Built on the SDK's low-level `Server` with
 * `tools/list` and `tools/call` handlers, not `McpServer.registerTool`: registerTool only takes zod
 * schemas, and our tool schemas are JSON Schema from plugin YAML — converting them to zod and back
 * would be lossy. The executor validates arguments itself.
 */
export function createMcpToolServer(options: McpToolServerOptions): Server {
  const { executor, logger } = options;
  const server = new Server(
    { name: "ops-agent", version: options.version },
    {
      capabilities: { tools: {} },
      instructions:
        "Read-only AWS tools over many accounts. Every tool takes `accounts` (names, ids, aliases, env:<environment>, or all) " +
        "and `regions`; results list each account and region separately, with per-account errors.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: executor.specs().map(
      (spec): Tool => ({
        name: spec.name,
        description: spec.description,
        inputSchema: spec.inputSchema as Tool["inputSchema"],
        annotations: ANNOTATIONS,
      }),
    ),
  }));

  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    tracing().mcpToolCall(
      { name: request.params.name, meta: request.params._meta, args: request.params.arguments },
      () => callTool(request, extra),
    ),
  );
  return server;

  async function callTool(request: CallToolRequest, extra: { signal: AbortSignal }): Promise<CallToolResult> {
    const { name } = request.params;
    try {
      const call = await executor.invoke(name, request.params.arguments, { signal: extra.signal });
      logger.info("mcp tool call", { tool: name, status: call.status, ...call.summary });
      return result(call, call.status === "failed");
    } catch (error) {
      const ops = toOpsError(error);
      logger.warn("mcp tool call failed", { tool: name, error_code: ops.code, error: ops.message });
      return result({ error: redactError(ops) }, true);
    }
  }
}

function result(value: object, isError: boolean): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value) }],
    structuredContent: value as Record<string, unknown>,
    isError,
  };
}
