import type { IgnoreErrorRule } from "../config/types.ts";
import { type ErrorCode, isOpsError, messageOf, OpsError } from "../errors.ts";
import { AUTH_FAILURE_TEXT } from "../mcp/errors.ts";
import { redactText } from "../redact.ts";
import type { UnitError } from "./types.ts";

/** AWS error names found in tool-result text, mapped to our codes. First match wins. */
const AWS_PATTERNS: Array<{ pattern: RegExp; code: ErrorCode; retryable: boolean }> = [
  {
    pattern: AUTH_FAILURE_TEXT,
    code: "E_MCP_AUTH",
    retryable: true,
  },
  {
    pattern:
      /OptInRequired|region[^.]{0,40}not (enabled|opted in)|not subscribed to this service|InvalidRegion|UnrecognizedClientException.*region/i,
    code: "E_AWS_REGION_DISABLED",
    retryable: false,
  },
  {
    pattern: /AccessDenied|UnauthorizedOperation|AuthorizationError|not authorized to perform|explicit deny/i,
    code: "E_AWS_ACCESS_DENIED",
    retryable: false,
  },
  {
    pattern: /Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded|SlowDown/i,
    code: "E_AWS_THROTTLED",
    retryable: true,
  },
];

/** Codes whose message may carry an AWS error from inside a script (tool result text). */
const REFINABLE = new Set<string>(["E_MCP_TOOL", "E_AWS_API", "E_INTERNAL", "E_MCP_PROTOCOL"]);

/** Classifies an AWS error text (from a tool result); undefined when it names nothing we know. */
export function classifyAwsText(text: string): { code: ErrorCode; retryable: boolean } | undefined {
  const hit = AWS_PATTERNS.find((p) => p.pattern.test(text));
  return hit ? { code: hit.code, retryable: hit.retryable } : undefined;
}

/** Turns anything a unit threw into the `error` of its result. Messages are redacted. */
export function classifyError(error: unknown): UnitError {
  const ops = isOpsError(error) ? error : toUnitOpsError(error);
  const message = redactText(ops.message);
  if (REFINABLE.has(ops.code)) {
    const aws = classifyAwsText(ops.message);
    if (aws) return { code: aws.code, message, retryable: aws.retryable };
  }
  if (ops.code === "E_MCP_TIMEOUT") return { code: "E_TIMEOUT", message, retryable: true };
  return { code: ops.code, message, retryable: ops.retryable };
}

function toUnitOpsError(error: unknown): OpsError {
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new OpsError(error.name === "TimeoutError" ? "E_TIMEOUT" : "E_CANCELLED", error.message, {
      retryable: error.name === "TimeoutError",
    });
  }
  const message = messageOf(error);
  return new OpsError("E_INTERNAL", message);
}

/** Matches a unit error against `executor.ignore_errors`; every given field of a rule must match. */
export function createIgnoreMatcher(rules: IgnoreErrorRule[]): (error: UnitError) => boolean {
  const compiled = rules.map((rule) => {
    try {
      return {
        code: rule.code,
        pattern: rule.pattern === undefined ? undefined : new RegExp(rule.pattern, "i"),
      };
    } catch (cause) {
      throw new OpsError(
        "E_CONFIG",
        `executor.ignore_errors: invalid pattern ${JSON.stringify(rule.pattern)}`,
        {
          cause,
        },
      );
    }
  });
  return (error) =>
    compiled.some(
      (rule) =>
        (rule.code !== undefined || rule.pattern !== undefined) &&
        (rule.code === undefined || rule.code === error.code) &&
        (rule.pattern === undefined || rule.pattern.test(error.message)),
    );
}
