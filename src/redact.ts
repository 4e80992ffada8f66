/**
 * Secret hygiene shared by logs, errors and output. Access keys are masked to their last four
 * characters; secret keys, session tokens and signatures never appear at all.
 */
const SECRET_KEYS =
  /^(authorization|x-amz-security-token|x-amz-sso_bearer_token|security[_-]?token|secret[_-]?access[_-]?key|aws_secret_access_key|session[_-]?token|aws_session_token|(access|refresh|id|bearer)[_-]?token|token|client[_-]?secret|secret|password|passwd|master[_-]?user[_-]?password|workloadaccesstoken|x-amz-bedrock-agentcore-identity-wat)$/i;
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

/**
 * Secret-named keys in any spelling a message may carry them: HTTP headers (`X-Amz-Security-Token: v`),
 * query strings (`X-Amz-Security-Token=v`), JSON (`"SessionToken": "v"`), Python dicts and reprs
 * (`'Token': 'v'`, `token='v'`), env/INI lines (`aws_session_token = v`). Whole-key matches only, so
 * `NextToken` or `next_token` (pagination, not secrets) stay.
 */
const SECRET_NAME =
  "x-amz-security-token|x-amz-sso_bearer_token|security[_-]?token|session[_-]?token|aws_session_token|(?:access|refresh|id|bearer)[_-]?token|token|secret[_-]?access[_-]?key|aws_secret_access_key|client[_-]?secret|secret|password|passwd|pwd|master[_-]?user[_-]?password|workloadaccesstoken|x-amz-bedrock-agentcore-identity-wat";
const SECRET_PAIR = new RegExp(
  `(?<![A-Za-z0-9_-])(["']?)(${SECRET_NAME})\\1(\\s*[:=]\\s*)(?:"((?:[^"\\\\]|\\\\.)*)"|'((?:[^'\\\\]|\\\\.)*)'|([^\\s"',;&}\\])]+))`,
  "gi",
);
/** `Authorization: Bearer …`, `Authorization: AWS4-HMAC-SHA256 Credential=…`: everything after the scheme. */
const AUTHORIZATION =
  /(["']?authorization["']?\s*[:=]\s*["']?)(?:Bearer|Basic|AWS4-HMAC-SHA256)\b[^"'\r\n]*/gi;
/**
 * Bare token shapes: STS/SSO session tokens (base64 starting `IQoJb3JpZ2lu…` or `FwoGZXIvYXdz…`/`FQoG…`),
 * JWTs, and any base64 run of 100+ characters with mixed case and digits (session tokens are 300–1,000).
 */
const BARE_TOKEN =
  /(?<![A-Za-z0-9/+])(?:(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+=]{16,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|[A-Za-z0-9/+]{100,}={0,2})(?![A-Za-z0-9/+])/g;

const PATTERNS: Array<[RegExp, (match: string, ...groups: string[]) => string]> = [
  [/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, maskAccessKey],
  [/(Signature=)[0-9a-f]{16,}/gi, (m) => `${m.slice(0, m.indexOf("=") + 1)}[redacted]`],
  [AUTHORIZATION, (_m, head) => `${head}[redacted]`],
  [
    SECRET_PAIR,
    (_m, quote, name, sep, dq, sq) =>
      dq !== undefined
        ? `${quote}${name}${quote}${sep}"[redacted]"`
        : sq !== undefined
          ? `${quote}${name}${quote}${sep}'[redacted]'`
          : `${quote}${name}${quote}${sep}[redacted]`,
  ],
  [BARE_TOKEN, (m) => (m.startsWith("eyJ") || isSecretKeyShaped(m) ? "[redacted]" : m)],
  [SECRET_KEY_OR_ARN, (m) => (isSecretKeyShaped(m) ? "[redacted]" : m)],
];

/** Removes anything that looks like a credential from free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replace] of PATTERNS)
    out = out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
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
