import { amzDate, createSigner } from "../credentials/sign.ts";
import type { CredentialStore } from "../credentials/types.ts";
import { OpsError } from "../errors.ts";
import type { FetchLayer, FetchLike } from "./fetch-stack.ts";

export interface SignedFetchOptions {
  /** Read on every request, so a refresh or an invalidation is picked up without rebuilding anything. */
  credentials: CredentialStore;
  accountId: string;
  /** Role to sign as; the store's default when omitted. */
  roleName?: string;
  /** SigV4 service (`aws-mcp`). */
  service: string;
  /** SigV4 region: the endpoint's region label. */
  signingRegion: string;
  /** The transport underneath; global fetch by default. */
  fetch?: FetchLike;
  now?: () => Date;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bodyText(body: RequestInit["body"]): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return decoder.decode(body);
  throw new OpsError("E_INTERNAL", "signed fetch needs a string or byte body (streams cannot be hashed)");
}

/** The signing layer: `createSignedFetch` over the fetch below it. */
export function createSignLayer(options: Omit<SignedFetchOptions, "fetch">): FetchLayer {
  return (next) => createSignedFetch({ ...options, fetch: next });
}

/**
 * A `fetch` that signs each request with one account's credentials: the exact final bytes are hashed
 * and signed (inject `_meta` in a layer above, never after). One attempt only: retries belong to the
 * layer above. Redirects are not followed.
 */
export function createSignedFetch(options: SignedFetchOptions): FetchLike {
  const send = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  // Derived keys change with the secret and the day: a few entries at most, cleared rather than grown.
  const keyCache = new Map<string, ArrayBuffer>();
  return async (input, init = {}) => {
    if (input instanceof Request)
      throw new OpsError("E_INTERNAL", "signed fetch takes a URL and init, not a Request");
    const method = (init.method ?? "GET").toUpperCase();
    const text = bodyText(init.body);
    const bytes = text === undefined ? undefined : encoder.encode(text);
    const headers = new Headers(init.headers);
    if (bytes) headers.set("content-length", String(bytes.byteLength));
    const credentials = await options.credentials.get(
      options.accountId,
      options.roleName,
      init.signal ?? undefined,
    );
    if (keyCache.size > 8) keyCache.clear();
    const signer = createSigner({
      cache: keyCache,
      method,
      url: input,
      headers,
      body: bytes,
      credentials,
      service: options.service,
      region: options.signingRegion,
      datetime: amzDate(now()),
    });
    const signed = await signer.sign();
    return send(signed.url, {
      method,
      headers: signed.headers,
      body: bytes,
      signal: init.signal,
      redirect: "manual",
    });
  };
}
