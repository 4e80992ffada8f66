/**
 * A SigV4 verifier for local fakes of AWS endpoints. It shares no code with aws4fetch (our signer):
 * it recomputes the signature with `@smithy/signature-v4` (the AWS SDK's own signer) from the request
 * as received, over the headers the request says it signed, and compares.
 *
 *   const verifier = createSigV4Verifier({ service: "aws-mcp", region: "us-east-1",
 *     keys: { AKIA...: { secretAccessKey, sessionToken? } } });
 *   const result = await verifier.verify({ method, url, headers, body });
 *   result.ok ? result.accessKeyId : result.reason      // reason → answer 403
 *
 * Checked: algorithm, known access key, credential scope (date, region, service, aws4_request),
 * `X-Amz-Date` signed and within `maxSkewMs` of `now()`, `host` signed, the session token signed and
 * equal to the key's token when the key has one, and the signature itself (body hashed as received).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface VerifierKey {
  secretAccessKey: string;
  /** When set, requests must carry and sign exactly this `X-Amz-Security-Token`. */
  sessionToken?: string;
}

export interface SigV4VerifierOptions {
  keys: Record<string, VerifierKey>;
  service: string;
  region: string;
  now?: () => Date;
  /** Allowed clock skew; AWS allows 5 minutes. */
  maxSkewMs?: number;
}

export interface ReceivedRequest {
  method: string;
  url: string | URL;
  headers: Headers;
  body: Uint8Array;
}

export type VerifyResult = { ok: true; accessKeyId: string } | { ok: false; reason: string };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

export function createSigV4Verifier(options: SigV4VerifierOptions) {
  const now = options.now ?? (() => new Date());
  const maxSkew = options.maxSkewMs ?? 5 * 60_000;

  async function verify(request: ReceivedRequest): Promise<VerifyResult> {
    const fail = (reason: string): VerifyResult => ({ ok: false, reason });
    const m = AUTH.exec(request.headers.get("authorization") ?? "");
    if (!m) return fail("missing or malformed Authorization header");
    const [, accessKeyId, day, region, service, signedList, signature] = m as unknown as string[];
    const key = options.keys[accessKeyId!];
    if (!key) return fail(`unknown access key ${accessKeyId}`);
    if (region !== options.region)
      return fail(`credential scope region ${region}, expected ${options.region}`);
    if (service !== options.service)
      return fail(`credential scope service ${service}, expected ${options.service}`);
    const signed = signedList!.split(";");
    if (!signed.includes("host")) return fail("host is not signed");
    if (!signed.includes("x-amz-date")) return fail("x-amz-date is not signed");
    const amz = request.headers.get("x-amz-date") ?? "";
    const date = parseAmzDate(amz);
    if (!date) return fail("missing or malformed X-Amz-Date");
    if (!amz.startsWith(day!)) return fail("credential scope date differs from X-Amz-Date");
    if (Math.abs(now().getTime() - date.getTime()) > maxSkew)
      return fail("signature expired: clock skew too large");
    const token = request.headers.get("x-amz-security-token") ?? undefined;
    if (key.sessionToken !== undefined && token !== key.sessionToken)
      return fail("wrong or missing security token");
    if (token !== undefined && !signed.includes("x-amz-security-token"))
      return fail("x-amz-security-token is not signed");

    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    for (const name of signed) {
      const value = request.headers.get(name);
      if (value === null) return fail(`signed header ${name} is missing`);
      headers[name] = value;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const httpRequest = new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers,
      body: request.body,
    });
    const signer = new SignatureV4({
      credentials: { accessKeyId: accessKeyId!, secretAccessKey: key.secretAccessKey, sessionToken: token },
      region: region!,
      service: service!,
      sha256: Sha256,
      applyChecksum: false,
    });
    const expected = await signer.sign(httpRequest, { signingDate: date, signableHeaders: new Set(signed) });
    const expectedAuth = String(expected.headers.authorization ?? "");
    if (!expectedAuth.endsWith(`Signature=${signature}`)) return fail("signature does not match");
    if (!expectedAuth.includes(`SignedHeaders=${signedList},`)) return fail("signed header list differs");
    return { ok: true, accessKeyId: accessKeyId! };
  }

  return { verify };
}
