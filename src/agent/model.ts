import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import { sleep } from "../_async.ts";
import type { Logger } from "../log.ts";
import { tracing } from "../telemetry/index.ts";
import { isTransientModelError, type ModelTarget, toModelError } from "./model-errors.ts";
import { messageText, newAccumulator, readStream, type TurnAccumulator } from "./stream.ts";

/** Bounded retry of a model turn that failed before showing anything (throttling, 5xx). */
export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  /** First backoff; doubles each retry, with full jitter. */
  baseDelayMs: number;
}

export const defaultRetry: RetryPolicy = { maxRetries: 4, baseDelayMs: 500 };

export interface ModelCaller {
  /** One model turn: the whole assistant message, its stop reason and usage. */
  turn(
    input: ConverseStreamCommandInput,
    signal?: AbortSignal,
    onText?: (delta: string) => void,
  ): Promise<TurnAccumulator>;
}

export function createModelCaller(options: {
  client: BedrockRuntimeClient;
  stream: boolean;
  target: ModelTarget;
  retry: RetryPolicy;
  logger: Logger;
}): ModelCaller {
  const { client, target, retry, logger } = options;

  async function once(
    input: ConverseStreamCommandInput,
    acc: TurnAccumulator,
    signal?: AbortSignal,
    onText?: (d: string) => void,
  ) {
    if (options.stream) {
      const out = await client.send(new ConverseStreamCommand(input), { abortSignal: signal });
      if (out.stream) await readStream(out.stream, acc, onText ?? (() => {}));
      return;
    }
    const out = await client.send(new ConverseCommand(input), { abortSignal: signal });
    acc.message = out.output?.message ?? { role: "assistant", content: [] };
    acc.stopReason = out.stopReason ?? "end_turn";
    acc.usage = out.usage;
    acc.text = messageText(acc.message);
    if (acc.text) onText?.(acc.text);
  }

  const untraced: ModelCaller = {
    async turn(input, signal, onText) {
      for (let attempt = 0; ; attempt++) {
        const acc = newAccumulator();
        try {
          await once(input, acc, signal, onText);
          return acc;
        } catch (error) {
          if (signal?.aborted) throw toModelError(signal.reason ?? error, target, acc.text);
          const canRetry = acc.text === "" && attempt < retry.maxRetries && isTransientModelError(error);
          if (!canRetry) throw toModelError(error, target, acc.text);
          const delay = Math.random() * retry.baseDelayMs * 2 ** attempt;
          logger.warn("model turn failed, retrying", {
            error: (error as Error).name,
            attempt: attempt + 1,
            delay_ms: Math.round(delay),
          });
          await sleep(delay, signal);
        }
      }
    },
  };
  // One chat span per turn, retries included (the GenAI conventions' logical operation).
  return {
    turn: (input, signal, onText) =>
      tracing().chat(input, options.stream, onText, (observed) => untraced.turn(input, signal, observed)),
  };
}
