import { timingSafeEqual } from "node:crypto";
import { AwsV4Signer } from "aws4fetch";

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
  | { ok: false; status: number; code: string; message: string };

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

/**
 * Checks a header-signed SigV4 request the way AWS does: scope, clock skew, a known key, the session
 * token, and the signature recomputed over exactly the headers the client says it signed.
 */
export async function verifySigV4(request: ReceivedRequest, options: VerifyOptions): Promise<Verified> {
  const fail = (code: string, message: string, status = 403): Verified => ({
    ok: false,
    status,
    code,
    message,
  });
  const match = AUTH.exec(request.headers.get("authorization") ?? "");
  if (!match) return fail("MissingAuthenticationToken", "Missing Authentication Token", 403);
  const [, accessKeyId, day, region, service, signedList, signature] = match as unknown as string[];
  if (service !== options.service) {
    return fail(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${options.service}'.`,
    );
  }
  if (options.region && region !== options.region) {
    return fail(
      "InvalidSignatureException",
      `Credential should be scoped to a valid region, not '${region}'.`,
    );
  }
  const signed = (signedList ?? "").split(";");
  const date = request.headers.get("x-amz-date") ?? "";
  if (!signed.includes("host") || !signed.includes("x-amz-date") || !date.startsWith(day ?? "-")) {
    return fail(
      "IncompleteSignatureException",
      "host and x-amz-date must be signed and match the credential scope",
    );
  }
  const when = Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!Number.isFinite(when) || Math.abs((options.now ?? Date.now)() - when) > MAX_SKEW_MS) {
    return fail(
      "InvalidSignatureException",
      "Signature expired: the request time is more than 5 minutes from now",
    );
  }
  const secret = options.secretFor(accessKeyId ?? "");
  if (!secret)
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
  if (secret.sessionToken !== undefined) {
    const token = request.headers.get("x-amz-security-token");
    if (token !== secret.sessionToken || !signed.includes("x-amz-security-token")) {
      return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
    }
  }
  const url = new URL(request.url);
  const headers = new Headers();
  for (const name of signed) if (name !== "host") headers.set(name, request.headers.get(name) ?? "");
  const signer = new AwsV4Signer({
    method: request.method,
    url: `${url.protocol}//${request.headers.get("host") ?? url.host}${url.pathname}${url.search}`,
    headers,
    body: request.body,
    accessKeyId: accessKeyId ?? "",
    secretAccessKey: secret.secretAccessKey,
    service: options.service,
    region: region ?? "",
    datetime: date,
    allHeaders: true,
  });
  const expected = Buffer.from(await signer.signature());
  const given = Buffer.from(signature ?? "");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return { ok: true, accessKeyId: accessKeyId ?? "", region: region ?? "" };
}
