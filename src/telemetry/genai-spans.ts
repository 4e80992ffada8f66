import { type Attributes, context, propagation, SpanKind } from "@opentelemetry/api";
import type { Tracing } from "./index.ts";
import type { ContentAttributes, SpanRunner } from "./spans.ts";

const AGENT_NAME = "ops-agent";

/** `invoke_agent` (one question) and `chat` (one model turn) spans, per the GenAI semantic conventions. */
export function createGenAiHooks(
  inSpan: SpanRunner,
  content: ContentAttributes,
): Pick<Tracing, "agent" | "chat"> {
  return {
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
          (span, answer) => {
            const status = answer.status;
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
  };
}
