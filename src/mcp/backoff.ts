/** What the retry layer reads and computes: whole-body buffering, `Retry-After`, backoff with jitter. */

const NULL_BODY = new Set([101, 204, 205, 304]);

/** Reads the whole body under the attempt's timer, so a connection dropped mid-response is a retryable failure here. */
export async function buffered(response: Response): Promise<Response> {
  const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** `Retry-After` in ms: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); 0 when absent or unreadable. */
export function retryAfterMs(response: Response, now: number = Date.now()): number {
  const value = response.headers.get("retry-after")?.trim();
  if (!value) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : 0;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : 0;
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(attempt-1))). */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}
