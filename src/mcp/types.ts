/** What one MCP tool call returned, with the envelope already unpacked. */
export interface ToolCallOutput {
  /** `structuredContent` when present, else the text content parsed as JSON, else the text itself. */
  value: unknown;
  /** How `value` was obtained. */
  from: "structured" | "json-text" | "text";
  /** The concatenated text content, as the server sent it. */
  text: string;
}

export interface McpCallOptions {
  accountId: string;
  /** Region the operation runs in; sent as `params._meta.AWS_REGION`. */
  region: string;
  signal?: AbortSignal;
}

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

/** One MCP session per account over one warm HTTP connection pool. */
export interface McpPool {
  callTool(name: string, args: Record<string, unknown>, options: McpCallOptions): Promise<ToolCallOutput>;
  /** `tools/list` of the endpoint, cached; signed with `accountId`'s credentials. */
  listTools(accountId: string, signal?: AbortSignal): Promise<McpToolInfo[]>;
  close(): Promise<void>;
}
