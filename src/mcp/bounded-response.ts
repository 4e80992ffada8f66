import { OpsError } from "../errors.ts";
import type { FetchLayer, FetchLike } from "./fetch-stack.ts";

/** What an upstream answer may cost us while it is read. */
export interface ResponseLimits {
  /** Bytes of body after decompression; reading stops (and inflating with it) at the cap. */
  maxBytes: number;
  /** Deepest `[`/`{` nesting of the JSON (or SSE-framed JSON) body. */
  maxDepth: number;
}

const NULL_BODY = new Set([101, 204, 205, 304]);
/** Error answers are only read for their message: a short prefix is enough. */
const ERROR_BODY_BYTES = 64 * 1024;
const [QUOTE, BACKSLASH, OPEN_A, OPEN_O, CLOSE_A, CLOSE_O] = [0x22, 0x5c, 0x5b, 0x7b, 0x5d, 0x7d];

/**
 * Tracks JSON nesting over UTF-8 bytes fed in any chunking, outside strings only (multi-byte
 * characters never contain these ASCII bytes); reports the first depth above `max`. Linear and
 * allocation-free, so it runs before anything parses.
 */
export function createDepthScanner(max: number): (units: Uint8Array) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (units) => {
    for (let i = 0; i < units.length; i++) {
      const c = units[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === QUOTE) inString = true;
      else if (c === OPEN_A || c === OPEN_O) {
        if (++depth > max) return true;
      } else if ((c === CLOSE_A || c === CLOSE_O) && depth > 0) depth--;
    }
    return false;
  };
}

/** True when the JSON text nests deeper than `max` (checked before `JSON.parse` of a tool result text). */
export function jsonTooDeep(text: string, max: number): boolean {
  return createDepthScanner(max)(new TextEncoder().encode(text));
}

function tooBig(what: string): OpsError {
  return new OpsError("E_MCP_RESPONSE", `the AWS MCP Server's answer ${what}`, {
    hint: "narrow the call (fewer accounts, regions or a filter), or raise mcp.max_response_bytes / mcp.max_json_depth",
  });
}

/**
 * A fetch layer that reads each answer whole, under `limits`, before anyone parses it: past
 * `maxBytes` (counted after decompression, which is streamed, so a gzip bomb inflates no further
 * than the cap) or past `maxDepth` the read stops and the call fails with `E_MCP_RESPONSE` — a unit
 * error, never a process-wide problem. Error statuses keep their first 64 KiB, for the message.
 */
export const boundedResponses =
  (limits: ResponseLimits): FetchLayer =>
  (next) =>
    createBoundedFetch(next, limits);

export function createBoundedFetch(fetch: FetchLike, limits: ResponseLimits): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (NULL_BODY.has(response.status) || !response.body) return response;
    const failed = response.status >= 400;
    const cap = failed ? Math.min(ERROR_BODY_BYTES, limits.maxBytes) : limits.maxBytes;
    const scan = createDepthScanner(limits.maxDepth);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = cap - size;
        const part = value.byteLength > room ? value.subarray(0, room) : value;
        size += part.byteLength;
        chunks.push(part);
        if (!failed && scan(part)) throw tooBig(`nests deeper than ${limits.maxDepth} levels`);
        if (value.byteLength > room) {
          if (!failed) throw tooBig(`is larger than ${limits.maxBytes} bytes`);
          break;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    const headers = new Headers(response.headers);
    headers.delete("content-encoding");
    headers.delete("content-length");
    return new Response(Buffer.concat(chunks, size), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
