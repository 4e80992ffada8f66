import { OpsError } from "../errors.ts";
import { redactText } from "../redact.ts";

/** The StackSet that creates the member-account role; named in access-denied hints. */
const MEMBER_ROLE_TEMPLATE = "infrastructure/member-account-role.yaml";

const THROTTLED = new Set([
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "SlowDown",
]);
const BAD_BASE_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidAccessKeyId",
]);
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket|network|TimeoutError/i;

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** What the default chain tries, said in the E_NO_CREDENTIALS message. */
function describeDefaultChain(profile: string | undefined): string {
  const shared = profile
    ? `shared config/credentials profile "${profile}"`
    : "shared config/credentials default profile";
  return [
    "environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)",
    `${shared} (keys, SSO, web identity, credential_process)`,
    "container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI)",
    "instance metadata (IMDS, the AgentCore microVM metadata service)",
  ].join(", ");
}

/** Turns an STS AssumeRole failure into an OpsError that says what to do; never carries secrets. */
export function classifyStsError(error: unknown, roleArn: string, profile: string | undefined): OpsError {
  if (error instanceof OpsError) return error;
  const e = (error ?? {}) as AwsLikeError;
  const name = e.name ?? "Error";
  const message = redactText(e.message ?? String(error));
  const details = { role_arn: roleArn, aws_error: name };
  const cause = error;
  if (name === "AbortError")
    return new OpsError("E_CANCELLED", `AssumeRole ${roleArn} was cancelled`, { cause });
  if (name === "CredentialsProviderError") {
    return new OpsError(
      "E_NO_CREDENTIALS",
      `no base AWS credentials found (${message}); tried: ${describeDefaultChain(profile)}`,
      {
        cause,
        details,
        hint: "On AgentCore the execution role arrives through the metadata service; locally run `aws configure`, set AWS_PROFILE, or use auth.mode: sso.",
      },
    );
  }
  if (THROTTLED.has(name)) {
    return new OpsError("E_AWS_THROTTLED", `STS throttled AssumeRole ${roleArn}: ${message}`, {
      cause,
      details,
      retryable: true,
    });
  }
  if (name === "RegionDisabledException") {
    return new OpsError(
      "E_AWS_REGION_DISABLED",
      `STS is not activated in this region for ${roleArn}: ${message}`,
      {
        cause,
        details,
        hint: "Activate the STS region in the account's IAM settings (Account settings → STS endpoints) or change `region`.",
      },
    );
  }
  if (
    name === "NoSuchEntity" ||
    name === "NoSuchEntityException" ||
    /cannot be found|does not exist/i.test(message)
  ) {
    return new OpsError("E_ASSUME_ROLE", `role ${roleArn} does not exist: ${message}`, {
      cause,
      details,
      hint: `Deploy the member-account role StackSet (${MEMBER_ROLE_TEMPLATE}) to this account, or fix role_name.`,
    });
  }
  if (name === "AccessDenied" || name === "AccessDeniedException") {
    return new OpsError("E_ASSUME_ROLE", `access denied assuming ${roleArn}: ${message}`, {
      cause,
      details,
      hint: `The role may be missing or may not trust the central role: deploy the member-account StackSet (${MEMBER_ROLE_TEMPLATE}) and check its ExternalId.`,
    });
  }
  if (BAD_BASE_CREDENTIALS.has(name)) {
    return new OpsError(
      "E_NO_CREDENTIALS",
      `STS rejected the base credentials (${name}) when assuming ${roleArn}`,
      {
        cause,
        details,
        hint: "Refresh the central account's credentials (profile, environment or execution role).",
      },
    );
  }
  if (name === "ValidationError" && /duration/i.test(message)) {
    return new OpsError("E_ASSUME_ROLE", `STS refused the session duration for ${roleArn}: ${message}`, {
      cause,
      details,
      hint: "Lower auth.duration_seconds or raise the role's MaxSessionDuration.",
    });
  }
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || NETWORK.test(`${name} ${e.code ?? ""} ${message}`)) {
    return new OpsError("E_AWS_API", `STS unavailable assuming ${roleArn}: ${message}`, {
      cause,
      details,
      retryable: true,
    });
  }
  return new OpsError("E_ASSUME_ROLE", `AssumeRole ${roleArn} failed (${name}): ${message}`, {
    cause,
    details,
  });
}
