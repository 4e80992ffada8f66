import type { IgnoreErrorRule } from "../config/types.ts";
import { type ErrorCode, isOpsError, messageOf, OpsError } from "../errors.ts";
import { AWS_AUTH_CODES, awsErrorCode } from "../mcp/errors.ts";
import { redactText } from "../redact.ts";
import type { UnitError } from "./types.ts";

/**
 * AWS error codes mapped to ours. Classification reads the code AWS sent (botocore's
 * `An error occurred (CODE)` prefix, or a `code` field), never words in the message: messages echo
 * caller-controlled values, so free text must not decide auth handling, retries or `ignore_errors`.
 */
const BY_AWS_CODE: Array<{ codes: Set<string>; code: ErrorCode; retryable: boolean }> = [
  { codes: AWS_AUTH_CODES, code: "E_MCP_AUTH", retryable: true },
  {
    codes: new Set(["OptInRequired", "InvalidRegion", "SubscriptionRequiredException"]),
    code: "E_AWS_REGION_DISABLED",
    retryable: false,
  },
  {
    codes: new Set([
      "AccessDenied",
      "AccessDeniedException",
      "UnauthorizedOperation",
      "AuthorizationError",
      "AuthorizationErrorException",
      "UnauthorizedException",
    ]),
    code: "E_AWS_ACCESS_DENIED",
    retryable: false,
  },
  {
    codes: new Set([
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "TooManyRequestsException",
      "RequestLimitExceeded",
      "RequestThrottled",
      "RequestThrottledException",
      "SlowDown",
      "ProvisionedThroughputExceededException",
    ]),
    code: "E_AWS_THROTTLED",
    retryable: true,
  },
  // The sandbox's "I do not simulate this" (src/sandbox/aws-error.ts): never an empty success.
  { codes: new Set(["E_SANDBOX_UNSUPPORTED"]), code: "E_SANDBOX_UNSUPPORTED", retryable: false },
];

/** Codes whose failure may carry an AWS error from inside a script (tool result text). */
const REFINABLE = new Set<string>(["E_MCP_TOOL", "E_AWS_API", "E_INTERNAL", "E_MCP_PROTOCOL"]);

/** Classifies an AWS error code; any other code is a plain `E_AWS_API`. */
export function classifyAwsCode(awsCode: string): { code: ErrorCode; retryable: boolean } {
  const hit = BY_AWS_CODE.find((c) => c.codes.has(awsCode));
  return hit ? { code: hit.code, retryable: hit.retryable } : { code: "E_AWS_API", retryable: false };
}

/** Classifies an AWS error text by the code at its start (botocore's prefix); undefined when it has none. */
export function classifyAwsText(
  text: string,
): { code: ErrorCode; retryable: boolean; awsCode: string } | undefined {
  const awsCode = awsErrorCode(text);
  return awsCode ? { ...classifyAwsCode(awsCode), awsCode } : undefined;
}

/** The AWS code an error carries: `details.aws_code`, else botocore's prefix of its message. */
function awsCodeOf(error: OpsError): string | undefined {
  const given = error.details?.aws_code;
  if (typeof given === "string") return given;
  return awsErrorCode(error.message.replace(/^[\w.-]+ failed: /, ""));
}

/** Turns anything a unit threw into the `error` of its result. Messages are redacted. */
export function classifyError(error: unknown): UnitError {
  const ops = isOpsError(error) ? error : toUnitOpsError(error);
  const message = redactText(ops.message);
  const aws_code = awsCodeOf(ops);
  const withCode = aws_code ? { aws_code } : {};
  if (REFINABLE.has(ops.code) && aws_code) {
    const aws = classifyAwsCode(aws_code);
    return { code: aws.code, message, retryable: aws.retryable, ...withCode };
  }
  if (ops.code === "E_MCP_TIMEOUT") return { code: "E_TIMEOUT", message, retryable: true };
  return { code: ops.code, message, retryable: ops.retryable, ...withCode };
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

/**
 * Matches a unit error against `executor.ignore_errors` by code only — ours (`code`) and AWS's
 * (`aws_code`) — never by message text; every given field of a rule must match.
 */
export function createIgnoreMatcher(rules: IgnoreErrorRule[]): (error: UnitError) => boolean {
  return (error) =>
    rules.some(
      (rule) =>
        (rule.code !== undefined || rule.aws_code !== undefined) &&
        (rule.code === undefined || rule.code === error.code) &&
        (rule.aws_code === undefined || rule.aws_code === error.aws_code),
    );
}
