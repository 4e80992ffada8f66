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
 * The AWS error code of a failed call, read only from where it is put — the start of botocore's
 * `[ClientError: ]An error occurred (CODE) when calling the OP operation: …`, or the AWS MCP Server's
 * own `Tool call '…' failed due to expired or invalid AWS credentials` sentence (`McpCredentials`) —
 * never searched for further in: the message may echo caller-controlled values (an argument such as
 * `"expired or invalid AWS credentials"` must not pass for an auth failure).
 */
export function awsErrorCode(text: string): string | undefined {
  const head = text.trimStart();
  if (/^Tool call '[\w.-]+' failed due to expired or invalid AWS credentials\b/.test(head))
    return "McpCredentials";
  return /^(?:[A-Za-z][\w.]*: )?An error occurred \(([A-Za-z][\w.]{0,99})\)/.exec(head)?.[1];
}

/** AWS codes that mean the signing credentials are expired or not recognised. */
export const AWS_AUTH_CODES = new Set([
  "McpCredentials",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "AuthFailure",
]);

/**
 * The auth-failure code a script's answer reports for some region — by the error *code* the
 * template puts in each region entry (`{region, error: {code, message}}`) or a failed envelope's
 * botocore prefix, never by words anywhere in the answer (items and messages echo account data).
 */
export function answerAuthFailure(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { regions, error } = value as { regions?: unknown; error?: unknown };
  const authCode = (e: unknown): string | undefined => {
    const code =
      typeof e === "string"
        ? awsErrorCode(e)
        : typeof e === "object" && e !== null
          ? (e as { code?: unknown }).code
          : undefined;
    return typeof code === "string" && AWS_AUTH_CODES.has(code) ? code : undefined;
  };
  if (!Array.isArray(regions)) return authCode(error);
  for (const r of regions) {
    const code = typeof r === "object" && r !== null ? authCode((r as { error?: unknown }).error) : undefined;
    if (code) return code;
  }
  return undefined;
}

/** True for 401/403 answers and tool errors whose AWS error code is an auth failure. */
export function isAuthFailure(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) return true;
  if (!(error instanceof OpsError) || error.code !== "E_MCP_TOOL") return false;
  const code = error.details?.aws_code;
  return typeof code === "string" && AWS_AUTH_CODES.has(code);
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
