import type {
  BedrockRuntimeClient,
  Message,
  TokenUsage,
  ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { AwsEnvironment, Settings } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { tableList } from "../results/record.ts";
import { createResultSessions, type ResultSessions } from "../results/sessions.ts";
import { queryResultsSpec } from "../results/tool.ts";
import type { ResultStore } from "../results/types.ts";
import type { Executor } from "../tools/types.ts";
import { type BedrockClientOptions, createBedrockClient } from "./client.ts";
import { createSessionMemory, type SessionMemory } from "./memory.ts";
import { createModelCaller, defaultRetry, type RetryPolicy } from "./model.ts";
import { renderSystemPrompt } from "./prompt.ts";
import { runToolUses } from "./run-tools.ts";
import { messageText } from "./stream.ts";
import { buildSystem, buildToolConfig, supportsPromptCaching, supportsToolStatus } from "./tool-config.ts";
import type { Agent, AgentAnswer, ToolCallRecord, Usage } from "./types.ts";

export interface AgentOptions {
  /** The model part (`settings.model`) and the default `region` are used. */
  settings: Settings;
  /** `endpoints.bedrockRuntime` and `profile` are used. */
  env: AwsEnvironment;
  executor: Executor;
  logger: Logger;
  /** Clock (ms) for today's date and session idle times. */
  now?: () => number;
  /** A ready client (tests, or a caller that owns central credentials); else one is built from settings. */
  client?: BedrockRuntimeClient;
  /** Central-account credentials for the built client; the SDK default chain when absent. */
  credentials?: BedrockClientOptions["credentials"];
  /** Backoff of throttled model turns. */
  retry?: RetryPolicy;
  /** Conversation memory to use (`ask --session` restores and saves one); a new bounded one by default. */
  memory?: SessionMemory;
  /** Result tables per session (`ask --session` keeps them in a file); in memory, evicted with `memory`, by default. */
  results?: ResultSessions;
}

function addUsage(total: Usage, usage: TokenUsage | undefined) {
  total.input_tokens += usage?.inputTokens ?? 0;
  total.output_tokens += usage?.outputTokens ?? 0;
  total.cache_read_tokens += usage?.cacheReadInputTokens ?? 0;
  total.cache_write_tokens += usage?.cacheWriteInputTokens ?? 0;
}

/** The Bedrock tool loop: model turn → concurrent tool uses → results back → … → final answer. */
export function createAgent(options: AgentOptions): Agent {
  const { settings, env, executor, logger } = options;
  const model = settings.model;
  const now = options.now ?? Date.now;
  const target = {
    modelId: model.id,
    region: model.region ?? settings.region,
    endpoint: env.endpoints.bedrockRuntime,
  };
  const client =
    options.client ??
    createBedrockClient({
      region: target.region,
      endpoint: target.endpoint,
      profile: env.profile,
      credentials: options.credentials,
    });
  const caller = createModelCaller({
    client,
    stream: model.stream,
    target,
    retry: options.retry ?? defaultRetry,
    logger,
  });
  const results =
    options.results ??
    createResultSessions({ settings: settings.results, maxSessions: model.memory.max_sessions });
  const memory =
    options.memory ?? createSessionMemory(model.memory, now, (sessionId) => results.drop(sessionId));
  const cache = model.prompt_caching && supportsPromptCaching(model.id);
  const toolConfig = buildToolConfig([...executor.specs(), queryResultsSpec(settings.results)], cache);

  async function answer(request: Parameters<Agent["answer"]>[0]): Promise<AgentAnswer> {
    const history = request.sessionId ? memory.history(request.sessionId) : [];
    const store = results.open(request.sessionId);
    try {
      return await answerWith(request, history, store);
    } finally {
      results.release(request.sessionId, store);
    }
  }

  async function answerWith(
    request: Parameters<Agent["answer"]>[0],
    history: Message[],
    store: ResultStore,
  ): Promise<AgentAnswer> {
    const started = performance.now();
    const { sessionId, signal, onEvent } = request;
    const prompt = renderSystemPrompt({
      accounts: executor.accounts(),
      today: new Date(now()).toISOString().slice(0, 10),
    });
    const system = buildSystem(prompt, cache);
    const turn: Message[] = [{ role: "user", content: [{ text: request.prompt }] }];
    const usage: Usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 };
    const toolCalls: ToolCallRecord[] = [];
    const log = logger.child({ model: model.id, ...(sessionId ? { session: sessionId } : {}) });
    let shown = "";
    for (let iteration = 1; iteration <= model.max_iterations; iteration++) {
      if (signal?.aborted)
        throw new OpsError("E_CANCELLED", "the question was cancelled", { details: { partial: shown } });
      const result = await caller
        .turn(
          {
            modelId: model.id,
            system,
            messages: [...history, ...turn],
            toolConfig,
            inferenceConfig: { maxTokens: model.max_tokens, temperature: model.temperature },
          },
          signal,
          (delta) => onEvent?.({ type: "text", delta }),
        )
        .catch((error: unknown) => {
          // The failed turn knows only its own text; the caller's partial answer is everything shown so far.
          if (error instanceof OpsError && error.details && "partial" in error.details) {
            error.details.partial = `${shown}${String(error.details.partial ?? "")}`;
          }
          throw error;
        });
      addUsage(usage, result.usage);
      shown += result.text;
      turn.push(result.message);
      const uses = (result.message.content ?? []).flatMap((b) =>
        b.toolUse ? [b.toolUse as ToolUseBlock] : [],
      );
      log.debug("model turn", { iteration, stop: result.stopReason, tool_uses: uses.length });
      if (result.stopReason !== "tool_use" || uses.length === 0) {
        // Bedrock rejects empty assistant messages in a later request: such a turn is not remembered.
        if (sessionId && (result.message.content ?? []).length > 0) memory.commit(sessionId, turn);
        const final: AgentAnswer = {
          answer: messageText(result.message) || shown,
          // The model may word around a failed account; the status says so whatever the text says.
          // A call rejected before any unit ran (bad arguments) reached the model as an error, not a gap.
          status: toolCalls.some((c) => c.failed > 0) ? "partial" : "ok",
          tool_calls: toolCalls,
          usage,
          iterations: iteration,
          duration_ms: Math.round(performance.now() - started),
          model_id: model.id,
          ...(sessionId ? { session_id: sessionId } : {}),
          ...(request.collect ? { tables: tableList(store) } : {}),
        };
        log.info("answered", {
          iterations: iteration,
          tool_calls: toolCalls.length,
          ms: final.duration_ms,
          ...usage,
        });
        return final;
      }
      if (iteration === model.max_iterations) break; // tools asked for, but no turn left to read them
      const ran = await runToolUses(uses, {
        executor,
        store,
        results: settings.results,
        collect: request.collect,
        maxChars: model.tool_result_max_chars,
        errorStatus: supportsToolStatus(model.id),
        logger: log,
        signal,
        onEvent,
      });
      toolCalls.push(...ran.records);
      turn.push({ role: "user", content: ran.blocks });
    }
    throw new OpsError(
      "E_MAX_ITERATIONS",
      `no answer after ${model.max_iterations} model turns (model.max_iterations); the model still wanted to call tools`,
      {
        hint: "ask a narrower question (fewer accounts, one service) or raise model.max_iterations",
        details: { partial: shown, tool_calls: toolCalls, usage },
      },
    );
  }

  return { answer };
}
