import { OpsError } from "../errors.ts";

/** Verbs of read operations. Anything else (Create, Put, Delete, Start, Invoke, Query, Scan…) is refused. */
const READ_VERBS = ["Describe", "List", "Get", "Head", "Search", "Lookup", "BatchGet"];

/**
 * Reads that mint credentials, expose secret values or data, or hand out presigned URLs. Entries are
 * `Operation` (any service) or `service:Operation`.
 */
const DENIED = new Set([
  "GetRoleCredentials",
  "GetSessionToken",
  "GetFederationToken",
  "GetSecretValue",
  "BatchGetSecretValue",
  "GetRandomPassword",
  "GetAuthorizationToken",
  "GetLoginPassword",
  "GetPasswordData",
  "GetConsoleScreenshot",
  "GetConsoleOutput",
  "GetKeyPair",
  "GetKeyPairs",
  "GetDownloadUrlForLayer",
  "GetClusterCredentials",
  "GetClusterCredentialsWithIAM",
  "GetCredentialsForIdentity",
  "GetOpenIdToken",
  "GetOpenIdTokenForDeveloperIdentity",
  "GetId",
  "s3:GetObject",
  "s3:GetObjectTorrent",
  "lambda:GetFunction",
  "lambda:GetLayerVersion",
  "lambda:GetLayerVersionByArn",
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "sqs:GetQueueUrl",
]);

/** Name patterns that are never read-only enough: credentials, tokens, passwords, secrets, presigning. */
const DENIED_PATTERNS = [
  /Credential/,
  /Token/,
  /Password/,
  /Secret(Value|String|Binary)?$/,
  /^GetParameter/,
  /Presign|PreSigned|SignedUrl/i,
  /^AssumeRole/,
];

export type GuardVerdict = { ok: true } | { ok: false; error: OpsError };

/**
 * The read-only guard: `operation` of boto3 service `service` must be a read verb, must not be denied,
 * unless `allowOperations` (setting `readonly.allow_operations`, `service:Operation`) names it. Plugins
 * cannot widen this; only that setting can. Runs at plugin load and again in `render()`.
 */
export function checkOperation(
  service: string,
  operation: string,
  allowOperations: readonly string[],
): GuardVerdict {
  const refuse = (why: string): GuardVerdict => ({
    ok: false,
    error: new OpsError("E_READONLY", `${service}:${operation} is refused by the read-only guard: ${why}`, {
      hint: "only read operations run; an administrator can allow one with readonly.allow_operations (service:Operation)",
      details: { service, operation },
    }),
  });
  if (!/^[a-z][a-z0-9-]*$/.test(service)) return refuse("the service name is not a boto3 service name");
  if (!/^[A-Z][A-Za-z0-9]*$/.test(operation)) return refuse("operation names are PascalCase API names");
  if (allowOperations.includes(`${service}:${operation}`)) return { ok: true };
  if (!READ_VERBS.some((verb) => startsWithWord(operation, verb))) return refuse("not a read operation");
  if (DENIED.has(operation) || DENIED.has(`${service}:${operation}`)) {
    return refuse("it mints credentials or exposes secret values or data");
  }
  const pattern = DENIED_PATTERNS.find((p) => p.test(operation));
  if (pattern) return refuse(`it matches ${pattern} (credentials, tokens, secrets or presigned URLs)`);
  return { ok: true };
}

/** `Get` + `Item` yes, `Getaway` no: the verb must be followed by an upper-case letter or end the name. */
function startsWithWord(operation: string, verb: string): boolean {
  return (
    operation.startsWith(verb) && (operation.length === verb.length || /[A-Z]/.test(operation[verb.length]!))
  );
}

/** Throws the guard's OpsError when the operation is refused. */
export function assertReadOnly(service: string, operation: string, allowOperations: readonly string[]): void {
  const verdict = checkOperation(service, operation, allowOperations);
  if (!verdict.ok) throw verdict.error;
}
