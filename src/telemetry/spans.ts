import {
  type Attributes,
  type Context,
  context,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { messageOf, OpsError } from "../errors.ts";
import { redactText } from "../redact.ts";
import { createGenAiHooks } from "./genai-spans.ts";
import type { Tracing } from "./index.ts";
import { createMcpRequestLayer, mcpAttemptLayer } from "./mcp-fetch.ts";
import { createToolHooks } from "./tool-spans.ts";

const headerGetter = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};

/** Marks a span failed: `error.type` is our error code (or the error's name); the message is redacted. */
export function failSpan(span: Span, error: unknown): void {
  const type = error instanceof OpsError ? error.code : error instanceof Error ? error.name : "Error";
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(messageOf(error)).slice(0, 500) });
}

/** Starts a span under `parent`, runs `run` with it active, records `finish` or the error, ends it. */
export type SpanRunner = <T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  parent: Context,
  run: (span: Span) => Promise<T>,
  finish?: (span: Span, result: T) => void | Promise<void>,
  extend?: (ctx: Context, span: Span) => Context,
) => Promise<T>;

/** Content attributes (prompts, arguments, results): empty unless capture is on, redacted even then. */
export type ContentAttributes = (key: string, value: unknown) => Attributes;

export function createHooks(
  tracer: Tracer,
  propagator: TextMapPropagator,
  capture: boolean,
): Omit<Tracing, "shutdown"> {
  const content: ContentAttributes = (key, value) =>
    capture && value !== undefined ? { [key]: redactText(JSON.stringify(value) ?? "") } : {};

  const inSpan: SpanRunner = (name, kind, attributes, parent, run, finish, extend) => {
    const span = tracer.startSpan(name, { kind, attributes }, parent);
    let ctx = trace.setSpan(parent, span);
    if (extend) ctx = extend(ctx, span);
    return context.with(ctx, async () => {
      try {
        const result = await run(span);
        await finish?.(span, result);
        return result;
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  };

  return {
    withIncoming: (headers, fn) =>
      context.with(propagator.extract(context.active(), headers, headerGetter), fn),
    ...createGenAiHooks(inSpan, content),
    ...createToolHooks(tracer, inSpan, content, propagator),
    mcpRequests: createMcpRequestLayer(inSpan),
    mcpAttempts: mcpAttemptLayer,
  };
}
