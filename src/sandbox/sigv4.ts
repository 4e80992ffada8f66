import { timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./sha256.ts";

/** A request as received, body already read (the signature covers its exact bytes). */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array;
}

export interface VerifyOptions {
  /** The SigV4 service the endpoint answers for (`aws-mcp`, `sts`). */
  service: string;
  /** Required scope region; any region when omitted. */
  region?: string;
  /** Secret (and session token, for temporary keys) of an access key; undefined when unknown. */
  secretFor(accessKeyId: string): { secretAccessKey: string; sessionToken?: string } | undefined;
  now?: () => number;
}

export type Verified =
  | { ok: true; accessKeyId: string; region: string }
  | {
      ok: false;
      status: number;
      /** AWS's error code and message, as the client is told. */
      code: string;
      message: string;
      /** What exactly was wrong, for the server's own records (tests read it). */
      reason: string;
    };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Checks a header-signed SigV4 request the way AWS does: scope, clock skew, a known key, the session
 * token, and the signature recomputed with `@smithy/signature-v4` (the AWS SDK's signer, sharing no
 * code with aws4fetch, ours) over exactly the headers the client says it signed.
 */
export async function verifySigV4(request: ReceivedRequest, options: VerifyOptions): Promise<Verified> {
  const fail = (code: string, message: string, reason: string): Verified => ({
    ok: false,
    status: 403,
    code,
    message,
    reason,
  });
  const incomplete = (reason: string) =>
    fail(
      "IncompleteSignatureException",
      "host and x-amz-date must be signed and match the credential scope",
      reason,
    );
  const match = AUTH.exec(request.headers.get("authorization") ?? "");
  if (!match) {
    return fail(
      "MissingAuthenticationToken",
      "Missing Authentication Token",
      "missing or malformed Authorization header",
    );
  }
  const [, accessKeyId = "", day, region = "", service, signedList = "", signature = ""] =
    match as unknown as string[];
  if (service !== options.service) {
    return fail(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${options.service}'.`,
      `credential scope service ${service}, expected ${options.service}`,
    );
  }
  if (options.region && region !== options.region) {
    return fail(
      "InvalidSignatureException",
      `Credential should be scoped to a valid region, not '${region}'.`,
      `credential scope region ${region}, expected ${options.region}`,
    );
  }
  const signed = signedList.split(";");
  const date = request.headers.get("x-amz-date") ?? "";
  if (!signed.includes("host")) return incomplete("host is not signed");
  if (!signed.includes("x-amz-date")) return incomplete("x-amz-date is not signed");
  if (!date.startsWith(day ?? "-")) return incomplete("credential scope date differs from X-Amz-Date");
  const when = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!Number.isFinite(when) || Math.abs((options.now ?? Date.now)() - when) > MAX_SKEW_MS) {
    return fail(
      "InvalidSignatureException",
      "Signature expired: the request time is more than 5 minutes from now",
      "signature expired: clock skew too large",
    );
  }
  const secret = options.secretFor(accessKeyId);
  const invalidToken = (reason: string) =>
    fail("UnrecognizedClientException", "The security token included in the request is invalid.", reason);
  if (!secret) return invalidToken(`unknown access key ${accessKeyId}`);
  const token = request.headers.get("x-amz-security-token") ?? undefined;
  if (secret.sessionToken !== undefined && token !== secret.sessionToken) {
    return invalidToken("wrong or missing security token");
  }
  if (token !== undefined && !signed.includes("x-amz-security-token")) {
    return invalidToken("x-amz-security-token is not signed");
  }
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = name === "host" ? (request.headers.get("host") ?? url.host) : request.headers.get(name);
    if (value === null) return incomplete(`signed header ${name} is missing`);
    headers[name] = value;
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: token },
    region,
    service: options.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body,
    },
    { signingDate: new Date(when), signableHeaders: new Set(signed) },
  );
  const want = Buffer.from(String(expected.headers.authorization ?? ""));
  const given = Buffer.from(
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${day}/${region}/${service}/aws4_request, SignedHeaders=${signedList}, Signature=${signature}`,
  );
  if (want.length !== given.length || !timingSafeEqual(want, given)) {
    return fail(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      "signature does not match",
    );
  }
  return { ok: true, accessKeyId, region };
}

/**
 * Reads the body of a request that must be signed with one known key (the operator's base keys, as
 * the sandbox STS and Organizations endpoints require) and verifies its signature over those bytes.
 */
export async function verifySignedBy(
  request: Request,
  service: string,
  key: { accessKeyId: string; secretAccessKey: string },
  now?: () => number,
): Promise<{ verified: Verified; body: Uint8Array }> {
  const body = new Uint8Array(await request.arrayBuffer());
  const verified = await verifySigV4(
    { method: request.method, url: request.url, headers: request.headers, body },
    {
      service,
      now,
      secretFor: (id) => (id === key.accessKeyId ? { secretAccessKey: key.secretAccessKey } : undefined),
    },
  );
  return { verified, body };
}
