import { messageOf, OpsError } from "../errors.ts";

/** Where the model call went; every model error names it. */
export interface ModelTarget {
  modelId: string;
  region: string;
  endpoint?: string;
}

const ACCESS = new Set(["AccessDeniedException", "ResourceNotFoundException"]);
const AUTH = new Set(["UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"]);
const TRANSIENT = new Set([
  "ThrottlingException",
  "ServiceUnavailableException",
  "InternalServerException",
  "ModelNotReadyException",
  "ModelStreamErrorException",
]);
const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|Unable to connect|ConnectionRefused|getaddrinfo/i;

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** Errors worth another attempt when nothing of the turn has been shown yet. */
export function isTransientModelError(error: unknown): boolean {
  return TRANSIENT.has(nameOf(error));
}

/**
 * Maps a Bedrock Runtime failure to an OpsError. `partial` is the text already streamed in this turn: once
 * the user has seen part of an answer, any failure is a broken stream (E_MODEL_STREAM) keeping that text.
 */
export function toModelError(error: unknown, target: ModelTarget, partial = ""): OpsError {
  if (error instanceof OpsError) return error;
  const name = nameOf(error);
  const message = messageOf(error);
  const where = `model ${target.modelId} in ${target.region}`;
  if (name === "AbortError" || /aborted by the user|cancell?ed/i.test(message)) {
    return new OpsError("E_CANCELLED", "the question was cancelled", { cause: error, details: { partial } });
  }
  if (partial !== "") {
    return new OpsError(
      "E_MODEL_STREAM",
      `the answer stream of ${where} broke off: ${name || "Error"}: ${message}`,
      {
        cause: error,
        retryable: true,
        hint: "ask again: the answer so far is incomplete",
        details: { partial, ...target },
      },
    );
  }
  if (ACCESS.has(name)) {
    return new OpsError("E_MODEL_ACCESS", `no access to ${where}: ${message}`, {
      cause: error,
      hint: `enable model access in the Bedrock console (region ${target.region}) for ${target.modelId}, allow bedrock:InvokeModelWithResponseStream on it, or set model.id / OPS_AGENT_MODEL_ID`,
      details: { ...target },
    });
  }
  if (name === "CredentialsProviderError") {
    return new OpsError(
      "E_NO_CREDENTIALS",
      `no credentials of the central account to call ${where}: ${message}`,
      {
        cause: error,
        hint: "set AWS_PROFILE, run aws sso login, or run where an instance or runtime role is available",
        details: { ...target },
      },
    );
  }
  if (AUTH.has(name)) {
    return new OpsError(
      "E_MODEL_ACCESS",
      `the central credentials were refused by Bedrock for ${where}: ${message}`,
      {
        cause: error,
        hint: "check the credentials of the central account (AWS_PROFILE, aws sso login, or the runtime role)",
        details: { ...target },
      },
    );
  }
  if (name === "ThrottlingException" || name === "ServiceQuotaExceededException") {
    return new OpsError("E_MODEL_THROTTLED", `${where} is throttling requests: ${message}`, {
      cause: error,
      retryable: true,
      hint: "wait and ask again, or raise the Bedrock quota for this model",
      details: { ...target },
    });
  }
  if (name === "ValidationException") {
    const onDemand = /on-demand throughput/i.test(message);
    return new OpsError("E_MODEL_VALIDATION", `Bedrock rejected the request to ${where}: ${message}`, {
      cause: error,
      details: { ...target },
      ...(onDemand
        ? { hint: "use a cross-region inference profile id (us., eu., apac. or global. prefix) as model.id" }
        : {}),
    });
  }
  if (NETWORK.test(message) || NETWORK.test(String((error as { code?: unknown })?.code ?? ""))) {
    const at = target.endpoint ?? `the Bedrock Runtime endpoint of ${target.region}`;
    return new OpsError("E_MODEL", `cannot reach ${at} for ${where}: ${message}`, {
      cause: error,
      retryable: true,
      details: { ...target, unreachable: true },
    });
  }
  return new OpsError("E_MODEL", `${where} failed: ${name ? `${name}: ` : ""}${message}`, {
    cause: error,
    retryable: isTransientModelError(error),
    details: { ...target },
  });
}
