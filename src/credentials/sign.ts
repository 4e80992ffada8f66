import { AwsV4Signer } from "aws4fetch";
import type { AwsCredentials } from "./types.ts";

/** Headers that must not be signed: hop-by-hop or rewritten by intermediaries (botocore's blacklist). */
const UNSIGNED = new Set([
  "authorization",
  "connection",
  "expect",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

export interface SignInput {
  method: string;
  url: string | URL;
  headers: Headers;
  /** The exact bytes that will be sent; hashed into the signature. */
  body?: Uint8Array | string;
  credentials: Pick<AwsCredentials, "accessKeyId" | "secretAccessKey" | "sessionToken">;
  service: string;
  region: string;
  /** `YYYYMMDDTHHMMSSZ`; now when omitted. */
  datetime?: string;
  /** aws4fetch's cache of derived signing keys (per secret, day, region, service); saves 4 HMACs a request. */
  cache?: Map<string, ArrayBuffer>;
}

/**
 * The one place our SigV4 parameters live: aws4fetch's signer with service and region explicit, every
 * sent header signed (like botocore: content-type and content-length included), `X-Amz-Date` and
 * `X-Amz-Security-Token` set before canonicalisation so both are signed. Header auth, never presign.
 */
export function createSigner(input: SignInput): AwsV4Signer {
  const headers = new Headers();
  for (const [name, value] of input.headers) if (!UNSIGNED.has(name)) headers.set(name, value);
  return new AwsV4Signer({
    method: input.method,
    url: input.url.toString(),
    headers,
    body: input.body,
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    sessionToken: input.credentials.sessionToken,
    service: input.service,
    region: input.region,
    datetime: input.datetime,
    cache: input.cache,
    allHeaders: true,
  });
}

/** `Date` → SigV4 `YYYYMMDDTHHMMSSZ`. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}
