import { type Readable, Transform, type Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import { createMcpToolServer } from "./mcp-tool-server.ts";

export interface McpStdioOptions {
  executor: Executor;
  logger: Logger;
  version: string;
  /** The JSON-RPC channel; this process's stdin/stdout by default (tests pass streams). */
  input?: Readable;
  output?: Writable;
}

/** Longest JSON-RPC line accepted (a tool call with bounded arguments is far smaller). */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Serves the tools over newline-delimited JSON-RPC until the client closes the input: closing it
 * closes the server, which aborts running tool calls and so their fan-out. stdout carries only
 * JSON-RPC, so the logger must write to stderr (the CLI's does).
 */
export async function serveMcpStdio(options: McpStdioOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const server = createMcpToolServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const lines = input.pipe(answerUnparsable(output, options.logger));
  await server.connect(new StdioServerTransport(lines, output));
  const close = () => void server.close();
  input.once("end", close);
  input.once("close", close);
  options.logger.info("mcp server ready on stdio", { tools: options.executor.specs().length });
  await closed;
}

/**
 * The SDK drops a line it cannot parse (it only reports it to `onerror`), leaving the client waiting.
 * This filter answers such a line itself — `-32700 Parse error` for non-JSON (or an over-long line),
 * `-32600 Invalid Request` for JSON that is not a JSON-RPC object — and passes the rest through.
 */
function answerUnparsable(output: Writable, logger: Logger): Transform {
  let pending = "";
  let skipping = false; // inside an over-long line: drop it up to its newline
  const reply = (code: number, message: string) =>
    output.write(`${JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } })}\n`);
  const check = (line: string): string | undefined => {
    if (line.trim() === "") return undefined;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      logger.warn("stdio: a line that is not JSON", { bytes: line.length });
      reply(-32700, "Parse error: each line must be one JSON-RPC message");
      return undefined;
    }
    if (
      typeof message !== "object" ||
      message === null ||
      (message as { jsonrpc?: unknown }).jsonrpc !== "2.0"
    ) {
      reply(-32600, "Invalid Request: not a JSON-RPC 2.0 message");
      return undefined;
    }
    return `${line}\n`;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += chunk.toString("utf8");
      let out = "";
      for (let at = pending.indexOf("\n"); at >= 0; at = pending.indexOf("\n")) {
        if (!skipping) out += check(pending.slice(0, at).replace(/\r$/, "")) ?? "";
        skipping = false;
        pending = pending.slice(at + 1);
      }
      if (pending.length > MAX_LINE) {
        pending = "";
        if (!skipping) reply(-32700, `Parse error: a line longer than ${MAX_LINE} bytes`);
        skipping = true;
      }
      done(null, out || undefined);
    },
    flush(done) {
      done(null, skipping ? undefined : (check(pending) ?? undefined));
    },
  });
}
