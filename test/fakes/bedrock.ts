/**
 * A local Bedrock Runtime that speaks the real wire protocol to the real `@aws-sdk/client-bedrock-runtime`
 * client pointed at it through `endpoint` (what `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` sets).
 *
 * Protocol finding (Bun 1.4.5, client-bedrock-runtime 3.1164): the client's default request handler is
 * `NodeHttp2Handler`, and under Bun it opens an `http://` endpoint with HTTP/2 prior knowledge (h2c) —
 * an HTTP/1.1-only server makes it fail with "Protocol error". The agent instead configures a
 * `NodeHttpHandler` (HTTP/1.1; Converse and ConverseStream are request/response streams that need no
 * HTTP/2, and Bun's node:http2 client is the less mature path). This fake therefore serves BOTH on one
 * port (`Bun.serve({ http2: true })`: h2c for connections opening with the HTTP/2 preface, HTTP/1.1
 * otherwise), and records which protocol each request used so tests can assert it.
 *
 * - `POST /model/{id}/converse` → JSON (restJson1).
 * - `POST /model/{id}/converse-stream` → `application/vnd.amazon.eventstream` binary frames with
 *   `:event-type`, `:message-type`, `:content-type` headers, encoded by `@smithy/eventstream-codec`.
 * - Errors: HTTP status + `x-amzn-ErrorType` + `{"message"}`, or an exception frame mid-stream
 *   (`:message-type: exception`, `:exception-type: throttlingException`…), or a dropped connection.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

export type FakeBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } };

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** One scripted model turn: a reply, an HTTP error, an exception frame after some text, or a dropped stream. */
export type FakeStep =
  | { reply: { content: FakeBlock[]; stopReason?: string; usage?: FakeUsage }; delayMs?: number }
  | { httpError: { status: number; type: string; message: string } }
  | { streamException: { type: string; message: string; partialText: string } }
  | { dropAfterText: string };

export interface RecordedRequest {
  modelId: string;
  stream: boolean;
  /** "1.1" or "2" (h2c). */
  httpVersion: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface FakeBedrock {
  /** `http://127.0.0.1:<port>`: the client's endpoint. */
  url: string;
  requests: RecordedRequest[];
  /** Append scripted turns; each request consumes one. */
  script(...steps: FakeStep[]): void;
  /** Steps not yet consumed. */
  pending(): number;
  close(): Promise<void>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const CHUNK = 7;

function frame(headers: Record<string, string>, body: unknown): Uint8Array {
  const encoded: Record<string, { type: "string"; value: string }> = {};
  for (const [name, value] of Object.entries(headers)) encoded[name] = { type: "string", value };
  return codec.encode({ headers: encoded, body: fromUtf8(JSON.stringify(body)) });
}

function event(type: string, body: unknown): Uint8Array {
  return frame({ ":event-type": type, ":message-type": "event", ":content-type": "application/json" }, body);
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

function usageOf(step: { usage?: FakeUsage }): Record<string, number> {
  const usage = step.usage ?? { inputTokens: 10, outputTokens: 5 };
  return { ...usage, totalTokens: usage.inputTokens + usage.outputTokens };
}

function stopOf(content: FakeBlock[], stopReason?: string): string {
  return stopReason ?? (content.some((b) => "toolUse" in b) ? "tool_use" : "end_turn");
}

/** The frames ConverseStream sends for one assistant message, text and tool-use input split in chunks. */
export function replyFrames(content: FakeBlock[], stopReason?: string, usage?: FakeUsage): Uint8Array[] {
  const frames = [event("messageStart", { role: "assistant" })];
  content.forEach((block, index) => {
    if ("text" in block) {
      for (const text of chunks(block.text)) {
        frames.push(event("contentBlockDelta", { contentBlockIndex: index, delta: { text } }));
      }
    } else {
      const { toolUseId, name, input } = block.toolUse;
      frames.push(
        event("contentBlockStart", { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } }),
      );
      for (const part of chunks(JSON.stringify(input))) {
        frames.push(
          event("contentBlockDelta", { contentBlockIndex: index, delta: { toolUse: { input: part } } }),
        );
      }
    }
    frames.push(event("contentBlockStop", { contentBlockIndex: index }));
  });
  frames.push(event("messageStop", { stopReason: stopOf(content, stopReason) }));
  frames.push(event("metadata", { usage: usageOf({ usage }), metrics: { latencyMs: 1 } }));
  return frames;
}

function textFrames(text: string): Uint8Array[] {
  const frames = [event("messageStart", { role: "assistant" })];
  for (const part of chunks(text)) {
    frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: part } }));
  }
  return frames;
}

function errorResponse(status: number, type: string, message: string): Response {
  return Response.json(
    { message },
    {
      status,
      headers: { "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
    },
  );
}

function streamResponse(frames: Uint8Array[], end: "close" | "drop"): Response {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const f of frames) {
        controller.enqueue(f);
        await Bun.sleep(0);
      }
      if (end === "close") controller.close();
      // Bun prints this error once: it is the scripted drop, expected by the test that asks for it.
      else controller.error(new Error("fake bedrock: scripted connection drop (expected)"));
    },
  });
  return new Response(body, { headers: { "content-type": "application/vnd.amazon.eventstream" } });
}

function respond(step: FakeStep, stream: boolean): Response {
  if ("httpError" in step)
    return errorResponse(step.httpError.status, step.httpError.type, step.httpError.message);
  if ("streamException" in step) {
    const { type, message, partialText } = step.streamException;
    const exception = frame(
      { ":exception-type": type, ":message-type": "exception", ":content-type": "application/json" },
      { message },
    );
    return streamResponse([...textFrames(partialText), exception], "close");
  }
  if ("dropAfterText" in step) return streamResponse(textFrames(step.dropAfterText), "drop");
  const { content, stopReason, usage } = step.reply;
  if (stream) return streamResponse(replyFrames(content, stopReason, usage), "close");
  return Response.json({
    output: { message: { role: "assistant", content } },
    stopReason: stopOf(content, stopReason),
    usage: usageOf({ usage }),
    metrics: { latencyMs: 1 },
  });
}

/**
 * `fallback` answers requests once the script is used up (benchmarks with unbounded traffic), deciding
 * from the request body alone so concurrent conversations cannot take each other's steps.
 */
export function startFakeBedrock(
  initial: FakeStep[] = [],
  fallback?: (body: Record<string, unknown>) => FakeStep,
): FakeBedrock {
  const queue = [...initial];
  const requests: RecordedRequest[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    http2: true,
    async fetch(req) {
      const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(new URL(req.url).pathname);
      if (req.method !== "POST" || !match)
        return errorResponse(404, "UnknownOperationException", "not found");
      const stream = match[2] === "converse-stream";
      const headers = Object.fromEntries(req.headers.entries());
      // Bun.serve does not expose the protocol; HTTP/2 forbids the Connection header HTTP/1.1 clients send.
      const httpVersion = headers.connection === undefined ? "2" : "1.1";
      const body = (await req.json()) as Record<string, unknown>;
      requests.push({ modelId: decodeURIComponent(match[1]!), stream, httpVersion, body, headers });
      const step = queue.shift() ?? fallback?.(body);
      if (!step) return errorResponse(500, "InternalServerException", "fake bedrock: no scripted step left");
      if ("reply" in step && step.delayMs) await Bun.sleep(step.delayMs);
      return respond(step, stream);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    script: (...steps) => void queue.push(...steps),
    pending: () => queue.length,
    close: () => server.stop(true),
  };
}
