/** The rules of the read-only guard, as pure functions of names (the catalogue generator uses them too). */

/** Why a mutating operation is refused; `readonly.allow_operations` can never re-allow it. */
export const WRITE = "not a read operation";

/** Verbs of read operations. Anything else (Create, Put, Delete, Start, Invoke, Query, Scan…) is refused. */
export const READ_VERBS = ["Describe", "List", "Get", "Head", "Search", "Lookup", "BatchGet"];

/**
 * Reads that mint credentials, expose secret values or data, or hand out presigned URLs, beyond what the
 * principle finds in the output shapes (`src/catalogue/principle.ts`). Entries are `Operation` (any
 * service) or an IAM action `prefix:Action`; an operation is refused when its own name or the IAM action
 * it needs is listed, so `s3:HeadObject` (needs `s3:GetObject`) is refused like `GetObject`.
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
  "s3:GetObjectVersion",
  "lambda:GetFunction",
  "lambda:GetLayerVersion",
  "lambda:GetLayerVersionByArn",
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "sqs:GetQueueUrl",
]);

/**
 * Names that are never read-only enough: credentials, tokens, passwords, secrets, presigning, and reads
 * of stored data (log events, query results, stream records, items, objects).
 */
const DENIED_PATTERNS = [
  /Credential/,
  /Token/,
  /Password/,
  /Secret(Value|String|Binary)?$/,
  /^GetParameter/,
  /Presign|PreSigned|SignedUrl/i,
  /^AssumeRole/,
  /LogEvents$|LogRecord$|QueryResults$|^GetRecords?$|^(Batch)?GetItems?$|Object(Content|Torrent)?$/,
  /Decrypt|EmbedUrl|LoginUrl|SignInUrl/,
];

/** Whether `operation` (PascalCase) starts with a read verb as a whole word (`Get` + `Item`, not `Getaway`). */
export function isReadVerb(operation: string): boolean {
  return READ_VERBS.some(
    (verb) =>
      operation.startsWith(verb) &&
      (operation.length === verb.length || /[A-Z]/.test(operation[verb.length]!)),
  );
}

/**
 * The default verdict on one canonical operation: undefined when allowed, else why not. `outputReason`
 * is the principle's finding on the output shape (recorded in the catalogue).
 */
export function defaultDenial(
  service: string,
  operation: string,
  iamAction: string,
  outputReason: string | undefined,
): string | undefined {
  if (!isReadVerb(operation)) return WRITE;
  if (DENIED.has(operation) || DENIED.has(`${service}:${operation}`) || DENIED.has(iamAction)) {
    const via =
      DENIED.has(iamAction) && !DENIED.has(`${service}:${operation}`) ? ` (it needs ${iamAction})` : "";
    return `it mints credentials or exposes secret values or data${via}`;
  }
  const action = iamAction.slice(iamAction.indexOf(":") + 1);
  const pattern = DENIED_PATTERNS.find((p) => p.test(operation) || p.test(action));
  if (pattern) return `it matches ${pattern} (credentials, tokens, secrets, presigned URLs or stored data)`;
  return outputReason;
}

/** The denylist's `service:Operation` entries, for the explicit Deny of `iam-policy`. */
export function deniedIamActions(): string[] {
  return [...DENIED].filter((d) => d.includes(":"));
}
