/** One request as a fault hook sees it (after the signature check: the caller is known). */
export interface FaultRequest {
  httpMethod: string;
  /** JSON-RPC method. */
  method?: string;
  tool?: string;
  accountId: string;
  accessKeyId: string;
  sessionId?: string;
}

/**
 * What a fault hook makes of a request: answer this status (and body, headers); send the headers and
 * half a body, then break the connection; never answer (until the client gives up); or wait, then
 * answer normally.
 */
export type FaultAction =
  | { status: number; body?: string | Uint8Array; headers?: Record<string, string> }
  | { drop: "mid-response" }
  | { hang: true }
  | { delayMs: number };

/** Decides per request; undefined: no fault. */
export type FaultHook = (request: FaultRequest) => FaultAction | undefined;

/** How a fault was applied, for the request record (`status 429`, `drop`, `hang`, `delay`). */
export const faultName = (action: FaultAction) =>
  "status" in action
    ? `status ${action.status}`
    : "drop" in action
      ? "drop"
      : "hang" in action
        ? "hang"
        : "delay";

/**
 * The answer of a fault that ends the request (`delayMs` does not: the caller waits and goes on).
 * `onAbandoned` runs when a hung request's client goes away.
 */
export function faultResponse(
  action: Exclude<FaultAction, { delayMs: number }>,
  request: Request,
  onAbandoned: () => void,
): Response | Promise<Response> {
  if ("status" in action) {
    return new Response(action.body ?? null, { status: action.status, headers: action.headers });
  }
  if ("drop" in action) {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"jsonrpc":"2.0","id":'));
        // Erroring the body after the headers went out makes Bun reset the connection.
        setTimeout(() => controller.error(), 5);
      },
    });
    return new Response(stream, { headers: { "content-type": "application/json" } });
  }
  return new Promise<Response>((resolve) => {
    request.signal.addEventListener("abort", () => {
      onAbandoned();
      resolve(new Response(null, { status: 499 }));
    });
  });
}
