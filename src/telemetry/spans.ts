import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { AgentAnswer } from "../agent/types.ts";
import { messageOf, OpsError } from "../errors.ts";
import { redactText } from "../redact.ts";
import type { ToolOutcome, Tracing } from "./index.ts";
import { createMcpRequestLayer, mcpAttemptLayer } from "./mcp-fetch.ts";

/** The execute_tool span of the tool use being run; an inner hook for the same use annotates it. */
const TOOL_SPAN = createContextKey("ops-agent.execute_tool");
const AGENT_NAME = "ops-agent";

const headerGetter = {
  get: (carrier: Headers, key: string) => carrier.get(key) ?? undefined,
  keys: (carrier: Headers) => [...carrier.keys()],
};
const recordGetter = {
  get: (carrier: Record<string, unknown>, key: string) =>
    typeof carrier[key] === "string" ? (carrier[key] as string) : undefined,
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
};

/** Marks a span failed: `error.type` is our error code (or the error's name); the message is redacted. */
export function failSpan(span: Span, error: unknown): void {
  const type = error instanceof OpsError ? error.code : error instanceof Error ? error.name : "Error";
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactText(messageOf(error)).slice(0, 500) });
}

export type SpanRunner = <T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  parent: Context,
  run: (span: Span) => Promise<T>,
  finish?: (span: Span, result: T) => void | Promise<void>,
  extend?: (ctx: Context, span: Span) => Context,
) => Promise<T>;

export function createHooks(
  tracer: Tracer,
  propagator: TextMapPropagator,
  capture: boolean,
): Omit<Tracing, "shutdown"> {
  /** Content attributes only when OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, and redacted even then. */
  const content = (key: string, value: unknown): Attributes =>
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

  function annotateTool(span: Span, outcome: ToolOutcome) {
    span.setAttributes({
      "ops_agent.units": outcome.units,
      "ops_agent.units.ok": outcome.units - outcome.failed,
      "ops_agent.units.failed": outcome.failed,
      ...content("gen_ai.tool.call.result", outcome.result),
    });
    if (!outcome.ok) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "every unit failed or the call was refused" });
    }
  }

  const withTool = (ctx: Context, span: Span) => ctx.setValue(TOOL_SPAN, span);

  return {
    withIncoming: (headers, fn) =>
      context.with(propagator.extract(context.active(), headers, headerGetter), fn),

    agent: (agent, { model }) => ({
      answer(request) {
        const sessionId =
          request.sessionId ?? propagation.getBaggage(context.active())?.getEntry("session.id")?.value;
        const attributes: Attributes = {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.agent.name": AGENT_NAME,
          ...(model ? { "gen_ai.provider.name": "aws.bedrock", "gen_ai.request.model": model } : {}),
          ...(model ? {} : { "ops_agent.planner": true }),
          ...(sessionId ? { "session.id": sessionId, "gen_ai.conversation.id": sessionId } : {}),
          ...content("gen_ai.input.messages", [
            { role: "user", parts: [{ type: "text", content: request.prompt }] },
          ]),
        };
        return inSpan(
          `invoke_agent ${AGENT_NAME}`,
          SpanKind.INTERNAL,
          attributes,
          context.active(),
          () => agent.answer(request),
          (span, answer: AgentAnswer) => {
            const status = (answer as { status?: string }).status;
            span.setAttributes({
              "gen_ai.usage.input_tokens": answer.usage.input_tokens,
              "gen_ai.usage.output_tokens": answer.usage.output_tokens,
              "ops_agent.tool_calls": answer.tool_calls.length,
              "ops_agent.iterations": answer.iterations,
              ...(status ? { "ops_agent.answer.status": status } : {}),
              ...content("gen_ai.output.messages", [
                { role: "assistant", parts: [{ type: "text", content: answer.answer }] },
              ]),
            });
          },
        );
      },
    }),

    chat(request, stream, onText, run) {
      const model = request.modelId ?? "unknown";
      const started = performance.now();
      let first: number | undefined;
      const observed = (delta: string) => {
        first ??= performance.now();
        onText?.(delta);
      };
      const attributes: Attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": model,
        "gen_ai.request.stream": stream,
        ...(request.inferenceConfig?.maxTokens !== undefined
          ? { "gen_ai.request.max_tokens": request.inferenceConfig.maxTokens }
          : {}),
        ...(request.inferenceConfig?.temperature !== undefined
          ? { "gen_ai.request.temperature": request.inferenceConfig.temperature }
          : {}),
        ...content("gen_ai.input.messages", request.messages),
      };
      return inSpan(
        `chat ${model}`,
        SpanKind.CLIENT,
        attributes,
        context.active(),
        () => run(stream ? observed : onText),
        (span, out) => {
          const usage = out.usage ?? {};
          span.setAttributes({
            "gen_ai.response.finish_reasons": [out.stopReason],
            ...(usage.inputTokens !== undefined ? { "gen_ai.usage.input_tokens": usage.inputTokens } : {}),
            ...(usage.outputTokens !== undefined ? { "gen_ai.usage.output_tokens": usage.outputTokens } : {}),
            ...(usage.cacheReadInputTokens
              ? { "gen_ai.usage.cache_read.input_tokens": usage.cacheReadInputTokens }
              : {}),
            ...(usage.cacheWriteInputTokens
              ? { "gen_ai.usage.cache_write.input_tokens": usage.cacheWriteInputTokens }
              : {}),
            ...(stream && first !== undefined
              ? { "gen_ai.response.time_to_first_chunk": (first - started) / 1000 }
              : {}),
            ...content(
              "gen_ai.output.messages",
              out.text === undefined
                ? undefined
                : [
                    {
                      role: "assistant",
                      parts: [{ type: "text", content: out.text }],
                      finish_reason: out.stopReason,
                    },
                  ],
            ),
          });
        },
      );
    },

    tool(info, run, outcome) {
      const outer = context.active().getValue(TOOL_SPAN) as Span | undefined;
      if (outer) {
        return run().then((result) => {
          annotateTool(outer, outcome(result));
          return result;
        });
      }
      const attributes: Attributes = {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": info.name,
        "gen_ai.tool.type": "function",
        ...(info.callId ? { "gen_ai.tool.call.id": info.callId } : {}),
        ...content("gen_ai.tool.call.arguments", info.args),
      };
      return inSpan(
        `execute_tool ${info.name}`,
        SpanKind.INTERNAL,
        attributes,
        context.active(),
        run,
        (span, result) => annotateTool(span, outcome(result)),
        withTool,
      );
    },

    unit(info, run) {
      const attributes: Attributes = {
        "cloud.provider": "aws",
        "cloud.account.id": info.accountId,
        "cloud.region": info.region,
        ...(info.regions ? { "ops_agent.regions": info.regions } : {}),
        "ops_agent.tool": info.tool,
        ...(info.accountName ? { "ops_agent.account.name": info.accountName } : {}),
      };
      return inSpan(`unit ${info.tool}`, SpanKind.INTERNAL, attributes, context.active(), run, (span, r) => {
        span.setAttribute("ops_agent.cache.hit", r.cached === true);
        if (r.ignored) span.setAttribute("ops_agent.error.ignored", true);
        if (!r.ok) {
          span.setAttribute("error.type", r.error?.code ?? "E_UNKNOWN");
          span.setStatus({ code: SpanStatusCode.ERROR, message: r.error?.code ?? "unit failed" });
        }
      });
    },

    mcpRequests: createMcpRequestLayer(inSpan),
    mcpAttempts: mcpAttemptLayer,

    mcpToolCall(info, run) {
      const meta = info.meta ?? {};
      const remote = propagator.extract(ROOT_CONTEXT, meta, recordGetter);
      const parent = trace.getSpanContext(remote) ? remote : context.active();
      const attributes: Attributes = {
        "mcp.method.name": "tools/call",
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": info.name,
        ...content("gen_ai.tool.call.arguments", info.args),
      };
      return inSpan(
        `tools/call ${info.name}`,
        SpanKind.SERVER,
        attributes,
        parent,
        run,
        (span, result) => {
          if (result.isError) {
            span.setAttribute("error.type", "tool_error");
            span.setStatus({ code: SpanStatusCode.ERROR, message: "the tool call failed" });
          }
        },
        withTool,
      );
    },
  };
}
