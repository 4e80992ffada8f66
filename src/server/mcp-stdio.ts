import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import { createMcpToolServer } from "./mcp-tools.ts";

export interface McpStdioOptions {
  executor: Executor;
  logger: Logger;
  version: string;
}

/**
 * Serves the tools on this process's stdin/stdout until the client closes stdin. stdout carries only
 * JSON-RPC, so the logger must write to stderr (the CLI's does).
 */
export async function serveMcpStdio(options: McpStdioOptions): Promise<void> {
  const server = createMcpToolServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => void server.close());
  options.logger.info("mcp server ready on stdio", { tools: options.executor.specs().length });
  await closed;
}
