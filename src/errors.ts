/**
 * One error class for everything ops-agent reports. `code` is a stable string a script can match,
 * `hint` tells the user what to do next, `retryable` tells the executor whether trying again may help.
 * Wire errors (JSON-RPC, HTTP) travel as `cause`, never flattened into the message.
 */
export type ErrorCode =
  | "E_USAGE"
  | "E_CONFIG"
  | "E_PLUGIN"
  | "E_NO_CREDENTIALS"
  | "E_ASSUME_ROLE"
  | "E_SSO_EXPIRED"
  | "E_SSO"
  | "E_READONLY"
  | "E_VALIDATION"
  | "E_UNKNOWN_TOOL"
  | "E_UNKNOWN_ACCOUNT"
  | "E_MCP_AUTH"
  | "E_MCP_TIMEOUT"
  | "E_MCP_THROTTLED"
  | "E_MCP_PROTOCOL"
  | "E_MCP_HTTP"
  | "E_MCP_TOOL"
  | "E_MCP_UNAVAILABLE"
  | "E_MCP_RESPONSE"
  | "E_AWS_ACCESS_DENIED"
  | "E_AWS_THROTTLED"
  | "E_AWS_REGION_DISABLED"
  | "E_AWS_API"
  | "E_SANDBOX_UNSUPPORTED"
  | "E_TIMEOUT"
  | "E_CANCELLED"
  | "E_MODEL_ACCESS"
  | "E_MODEL_THROTTLED"
  | "E_MODEL_VALIDATION"
  | "E_MODEL_STREAM"
  | "E_MODEL"
  | "E_MAX_ITERATIONS"
  | "E_SERVER"
  | "E_INTERNAL";

export interface OpsErrorOptions {
  cause?: unknown;
  /** What the user can do about it: a command to run, a setting to change. */
  hint?: string;
  /** True when the same call may succeed later (throttling, timeouts, 5xx). */
  retryable?: boolean;
  /** Extra structured facts (file, line, account id…). Never credentials. */
  details?: Record<string, unknown>;
}

export class OpsError extends Error {
  override readonly name = "OpsError";
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: OpsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; hint?: string; retryable: boolean } {
    return { code: this.code, message: this.message, hint: this.hint, retryable: this.retryable };
  }
}

export function isOpsError(error: unknown, code?: ErrorCode): error is OpsError {
  return error instanceof OpsError && (code === undefined || error.code === code);
}

/** The message of anything thrown (an Error's message, else its string form). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps anything thrown into an OpsError, keeping the original as `cause`. */
export function toOpsError(error: unknown, fallback: ErrorCode = "E_INTERNAL"): OpsError {
  if (error instanceof OpsError) return error;
  if (error instanceof Error && error.name === "AbortError") {
    return new OpsError("E_CANCELLED", "the operation was cancelled", { cause: error });
  }
  return new OpsError(fallback, messageOf(error), { cause: error });
}

/** Exit codes of the CLI: 0 ok, 1 failure, 2 usage or configuration, 3 partial results. */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;

const USAGE_CODES = new Set<ErrorCode>([
  "E_USAGE",
  "E_CONFIG",
  "E_PLUGIN",
  "E_READONLY",
  "E_VALIDATION",
  "E_UNKNOWN_TOOL",
  "E_UNKNOWN_ACCOUNT",
]);

export function exitCodeFor(error: unknown): number {
  return isOpsError(error) && USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failure;
}
