/** Response headers of an SSE answer; no-cache and no proxy buffering so events flush as they happen. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

export interface SseStream {
  readable: ReadableStream<Uint8Array>;
  /** Writes `data: <json>\n\n` (the Python SDK framing, JSON always); dropped once the client is gone. */
  send(payload: unknown): void;
  close(): void;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
}

export function createSseStream(): SseStream {
  const encoder = new TextEncoder();
  const gone = new AbortController();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
      gone.abort();
    },
  });
  return {
    readable,
    signal: gone.signal,
    send(payload) {
      if (closed || !controller) return;
      try {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(payload)}\n\n`));
      } catch {
        closed = true;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        controller?.close();
      } catch {
        // already closed by a cancel racing with the last event
      }
    },
  };
}
