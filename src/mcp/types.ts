/** What one `tools/call` to the MCP server returned (the script tool's answer), with the envelope unpacked. */
export interface McpCallOutput {
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

/** One entry of the MCP server's `tools/list` (e.g. its script tool), not one of our plugin tools. */
export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

/** One MCP session per account over one warm HTTP connection pool. */
export interface McpPool {
  callTool(name: string, args: Record<string, unknown>, options: McpCallOptions): Promise<McpCallOutput>;
  /** `tools/list` of the endpoint, cached; signed with `accountId`'s credentials. */
  listTools(accountId: string, signal?: AbortSignal): Promise<McpToolInfo[]>;
  close(): Promise<void>;
}
