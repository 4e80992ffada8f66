import { toOpsError } from "../errors.ts";
import { redactText } from "../redact.ts";

/** Wire error codes of the HTTP contract (the `error.code` of every non-2xx JSON body). */
export type HttpErrorCode =
  | "E_INVALID_JSON"
  | "E_INVALID_ENCODING"
  | "E_BAD_REQUEST"
  | "E_BODY_TOO_LARGE"
  | "E_BODY_TIMEOUT"
  | "E_UNAUTHORIZED"
  | "E_FORBIDDEN"
  | "E_UNSUPPORTED_MEDIA_TYPE"
  | "E_NOT_FOUND"
  | "E_METHOD_NOT_ALLOWED"
  | "E_BUSY"
  | "E_SHUTTING_DOWN";

/** A request the server refuses before the agent runs; always answered as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; retryable?: boolean };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function httpErrorResponse(error: HttpError, headers: Record<string, string> = {}): Response {
  return json({ error: { code: error.code, message: error.message } } satisfies ErrorBody, error.status, {
    ...error.headers,
    ...headers,
  });
}

/**
 * What a caller may see of an agent failure: the OpsError code and its redacted message. Unexpected
 * errors (E_INTERNAL) say only that, with the request id to find the details in the log.
 */
export function safeError(error: unknown, requestId: string): ErrorBody["error"] {
  const ops = toOpsError(error);
  const message =
    ops.code === "E_INTERNAL"
      ? `internal error (request ${requestId})`
      : redactText(ops.message).slice(0, 2000);
  return { code: ops.code, message, retryable: ops.retryable };
}
