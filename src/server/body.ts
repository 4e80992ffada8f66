import { HttpError } from "./respond.ts";

/**
 * Reads a request body of at most `maxBytes` within `timeoutMs`: refuses a larger Content-Length up
 * front, counts bytes while reading (chunked or lying clients), and gives up on a body that trickles
 * in slower than the deadline, so neither memory nor time is held by one client.
 */
export async function readBody(request: Request, maxBytes: number, timeoutMs = 10_000): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  let timer: Timer | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "expired") {
        await reader.cancel().catch(() => undefined);
        throw new HttpError(408, "E_BODY_TIMEOUT", `request body not received within ${timeoutMs} ms`);
      }
      const { done, value } = next;
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "E_BODY_TOO_LARGE", `request body exceeds ${maxBytes} bytes`);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 strictly and parses JSON; each failure is its own 400. */
export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpError(400, "E_INVALID_ENCODING", "request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "parse error";
    throw new HttpError(400, "E_INVALID_JSON", `request body is not valid JSON: ${detail.slice(0, 200)}`);
  }
}
