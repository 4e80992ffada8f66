/**
 * Secret hygiene shared by logs, errors and output. Access keys are masked to their last four
 * characters; secret keys, session tokens and signatures never appear at all.
 */
const SECRET_KEYS =
  /^(authorization|x-amz-security-token|x-amz-sso_bearer_token|secretaccesskey|secret_access_key|sessiontoken|session_token|accesstoken|access_token|token|password|workloadaccesstoken|x-amz-bedrock-agentcore-identity-wat)$/i;
const ACCESS_KEY_FIELD = /^(accesskeyid|access_key_id|aws_access_key_id)$/i;

export function maskAccessKey(key: string): string {
  return key.length <= 4 ? "****" : `****${key.slice(-4)}`;
}

/**
 * A bare secret access key: exactly 40 base64 characters (it may follow a path's `/`, and may itself
 * start or end with `/` or `+`). A run followed by `=` is the tail of a longer padded base64 value (a
 * digest such as a Lambda CodeSha256), not a key. ARNs are matched first and kept whole: a role or
 * path inside one is a name, never a secret.
 */
const SECRET_KEY_OR_ARN =
  /\barn:aws[a-z-]*:[\w+.@:/*-]*|(?<![A-Za-z0-9+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** Mixed case with a digit: a random key nearly always is; hex digests and plain words are not. */
function isSecretKeyShaped(match: string): boolean {
  return !match.startsWith("arn:") && /[0-9]/.test(match) && /[A-Z]/.test(match) && /[a-z]/.test(match);
}

const PATTERNS: Array<[RegExp, (match: string) => string]> = [
  [/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, maskAccessKey],
  [/(Signature=)[0-9a-f]{16,}/gi, (m) => `${m.slice(0, m.indexOf("=") + 1)}[redacted]`],
  [/(X-Amz-Security-Token[=:]\s*)[^\s&,"]+/gi, (m) => `${m.split(/[=:]/)[0]}=[redacted]`],
  [
    /(aws_secret_access_key|secretAccessKey|sessionToken|aws_session_token)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    (m) => m.replace(/([:=]\s*["']?)[^\s"',}]+$/, "$1[redacted]"),
  ],
  [SECRET_KEY_OR_ARN, (m) => (isSecretKeyShaped(m) ? "[redacted]" : m)],
];

/** Removes anything that looks like a credential from free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replace] of PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/** An error as a caller may see it (CLI `--output json`, MCP tool results): code, message and hint, secrets removed. */
export function redactError(error: { code: string; message: string; hint?: string }): {
  code: string;
  message: string;
  hint?: string;
} {
  return {
    code: error.code,
    message: redactText(error.message),
    ...(error.hint ? { hint: redactText(error.hint) } : {}),
  };
}

/** Deep copy with secret fields removed and access keys masked; safe to log or print. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[…]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === "object") {
    if (value instanceof Error) return redactText(value.message);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k)) out[k] = "[redacted]";
      else if (ACCESS_KEY_FIELD.test(k) && typeof v === "string") out[k] = maskAccessKey(v);
      else out[k] = redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
