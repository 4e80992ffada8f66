import { OpsError } from "../errors.ts";
import { redactText } from "../redact.ts";
import type { SsoTarget } from "./sso-config.ts";

/** Turns an Identity Center portal failure into an OpsError; a 401 says which login command to run. */
export function classifySsoError(error: unknown, what: string, t: SsoTarget): OpsError {
  const e = (error ?? {}) as { name?: string; message?: string };
  const name = e.name ?? "Error";
  const message = redactText(e.message ?? String(error));
  const details = { sso: t.label, aws_error: name };
  if (name === "UnauthorizedException") {
    return new OpsError(
      "E_SSO_EXPIRED",
      `IAM Identity Center rejected the cached token (401) for ${what}. Run: ${t.loginCommand}`,
      {
        cause: error,
        details,
        hint: `Run \`${t.loginCommand}\`, then try again.`,
      },
    );
  }
  if (name === "TooManyRequestsException") {
    return new OpsError("E_AWS_THROTTLED", `IAM Identity Center throttled ${what}: ${message}`, {
      cause: error,
      details,
      retryable: true,
    });
  }
  if (name === "ForbiddenException" || name === "ResourceNotFoundException") {
    return new OpsError("E_SSO", `no access to ${what}: ${message}`, {
      cause: error,
      details,
      hint: "Assign the permission set (auth.sso.role_name) to your user for this account in IAM Identity Center.",
    });
  }
  if (name === "AbortError") return new OpsError("E_CANCELLED", `${what} was cancelled`, { cause: error });
  return new OpsError("E_SSO", `IAM Identity Center call for ${what} failed (${name}): ${message}`, {
    cause: error,
    details,
    retryable: name === "TimeoutError" || /ECONN|socket/i.test(message),
  });
}
