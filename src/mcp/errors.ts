import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { messageOf, OpsError } from "../errors.ts";
import { redactText } from "../redact.ts";

/** A JSON-RPC error object as the server sent it; travels as `cause` of an `E_MCP_PROTOCOL` OpsError. */
export class McpWireError extends Error {
  override readonly name = "McpWireError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** A non-2xx HTTP answer; travels as `cause` of `E_MCP_HTTP`, `E_MCP_AUTH`, `E_MCP_THROTTLED`… */
export class McpHttpError extends Error {
  override readonly name = "McpHttpError";
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body}` : ""}`);
  }
}

/** Server text is kept, minus anything credential-shaped, and bounded. */
export function serverText(text: string, max = 2000): string {
  const clean = redactText(text.trim());
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The HTTP status behind an SDK transport error (404 session expired, 401/403 auth…). */
export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof StreamableHTTPError && error.code !== undefined && error.code > 0
    ? error.code
    : undefined;
}

/**
 * The one rule for "these credentials are bad" in server or AWS text (a tool error, a script region's
 * error): the pool refreshes the account's credentials once on it, and the executor classifies it E_MCP_AUTH.
 */
export const AUTH_FAILURE_TEXT =
  /ExpiredToken|InvalidClientTokenId|InvalidSignatureException|security token included in the request is (expired|invalid)|expired or invalid AWS credentials|Unable to verify your user identity/i;

export function isAuthFailure(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) return true;
  return error instanceof OpsError && error.code === "E_MCP_TOOL" && AUTH_FAILURE_TEXT.test(error.message);
}

/** A JSON-RPC error inside an HTTP error body (`{"jsonrpc":"2.0","error":{…}}`), if there is one. */
function wireErrorIn(text: string): McpWireError | undefined {
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(text.slice(start)) as {
      error?: { code?: unknown; message?: unknown; data?: unknown };
    };
    const e = parsed.error;
    if (e && typeof e.code === "number")
      return new McpWireError(e.code, serverText(String(e.message ?? "")), e.data);
  } catch {
    // not JSON: the caller keeps the raw text
  }
  return undefined;
}

function protocolError(where: string, wire: McpWireError): OpsError {
  return new OpsError("E_MCP_PROTOCOL", `${where}: JSON-RPC error ${wire.code}: ${wire.message}`, {
    cause: wire,
  });
}

/** Maps whatever the SDK or our fetch layers threw into one OpsError, server text preserved. */
export function toMcpError(error: unknown, context: { tool?: string; accountId: string }): OpsError {
  if (error instanceof OpsError) return error;
  const where = `${context.tool ?? "MCP request"} in account ${context.accountId}`;
  if (error instanceof McpError) {
    const wire = new McpWireError(
      error.code,
      serverText(error.message.replace(/^MCP error -?\d+: /, "")),
      error.data,
    );
    if (error.code === -32001) {
      return new OpsError("E_MCP_TIMEOUT", `${where}: no answer in time`, { cause: wire, retryable: true });
    }
    return protocolError(where, wire);
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const text = serverText(
      (error as Error).message.replace(/^Streamable HTTP error: (Error POSTing to endpoint: )?/, ""),
    );
    const wire = wireErrorIn(text);
    if (status === 401 || status === 403) {
      return new OpsError(
        "E_MCP_AUTH",
        `${where}: the AWS MCP Server rejected the credentials (HTTP ${status})`,
        {
          cause: wire ?? new McpHttpError(status, text),
          hint: "check the account's role trust and that its credentials are valid (ops-agent doctor)",
        },
      );
    }
    if (wire) return protocolError(where, wire);
    return new OpsError("E_MCP_HTTP", `${where}: HTTP ${status}${text ? `: ${text}` : ""}`, {
      cause: new McpHttpError(status, text),
    });
  }
  return new OpsError("E_MCP_PROTOCOL", `${where}: ${serverText(messageOf(error))}`, { cause: error });
}
