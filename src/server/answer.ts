import { raceAbort } from "../_async.ts";
import type { Agent, AgentAnswer, AgentEvent } from "../agent/types.ts";
import { EXIT, exitCodeFor, messageOf, OpsError, toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { type Invocation, REQUEST_ID_HEADER } from "./invocation.ts";
import { json, safeError } from "./respond.ts";
import { createSseStream, SSE_HEADERS } from "./sse.ts";

export interface AnswerContext {
  agent: () => Promise<Agent>;
  invocation: Invocation;
  requestId: string;
  /** Aborted when the client disconnects or the shutdown grace period runs out. */
  signal: AbortSignal;
  logger: Logger;
}

/** How an invocation ended, for the request log line. */
export interface Outcome {
  status: number;
  toolCalls: number;
  error?: string;
}

export interface Answered {
  response: Response;
  /** Settles when the last byte is written (for SSE, when the stream closes). */
  finished: Promise<Outcome>;
}

function body(answer: AgentAnswer, sessionId: string | undefined) {
  return {
    response: answer.answer,
    status: answer.status,
    session_id: answer.session_id ?? sessionId ?? null,
    tool_calls: answer.tool_calls,
    usage: answer.usage,
  };
}

function fail(ctx: AnswerContext, error: unknown) {
  const safe = safeError(error, ctx.requestId);
  ctx.logger.error("invocation failed", {
    error_code: safe.code,
    error: messageOf(error),
  });
  return safe;
}

/** Runs the agent; an abort ends the invocation at once even if the agent is slow to notice it. */
async function run(ctx: AnswerContext, signal: AbortSignal, onEvent?: (event: AgentEvent) => void) {
  const cancelled = () =>
    new OpsError("E_CANCELLED", "the invocation was cancelled (client gone or server shutting down)");
  const agent = await raceAbort(ctx.agent(), signal, cancelled);
  return raceAbort(
    agent.answer({ prompt: ctx.invocation.prompt, sessionId: ctx.invocation.sessionId, signal, onEvent }),
    signal,
    cancelled,
  );
}

/**
 * The HTTP status of an invocation that threw. Refusals and unmappable questions are answers (200),
 * so what throws is: the caller's request itself (4xx), something retryable upstream or a shutdown
 * (503), or our fault (500).
 */
export function statusForError(error: unknown): number {
  const ops = toOpsError(error);
  if (exitCodeFor(ops) === EXIT.usage) return 400;
  if (ops.code === "E_CANCELLED" || ops.retryable) return 503;
  return 500;
}

/**
 * One JSON document `{response, status, session_id, tool_calls, usage}` (200 for every answer status),
 * or a safe error with the status of `statusForError`.
 */
export async function answerJson(ctx: AnswerContext): Promise<Answered> {
  const headers = { [REQUEST_ID_HEADER]: ctx.requestId };
  try {
    const answer = await run(ctx, ctx.signal);
    const outcome = { status: 200, toolCalls: answer.tool_calls.length };
    return {
      response: json(body(answer, ctx.invocation.sessionId), 200, headers),
      finished: Promise.resolve(outcome),
    };
  } catch (error) {
    const safe = fail(ctx, error);
    const status = statusForError(error);
    return {
      response: json({ error: safe }, status, headers),
      finished: Promise.resolve({ status, toolCalls: 0, error: safe.code }),
    };
  }
}

/**
 * An SSE stream of agent events, then `{type:"done"}` — or `{type:"error"}` and a clean close when
 * the agent fails mid-stream (the HTTP status is already 200 by then).
 */
export function answerStream(ctx: AnswerContext): Answered {
  const sse = createSseStream();
  const signal = AbortSignal.any([ctx.signal, sse.signal]);
  const finished = run(ctx, signal, (event) => sse.send(event))
    .then((answer): Outcome => {
      const { session_id, tool_calls, usage, status } = body(answer, ctx.invocation.sessionId);
      sse.send({ type: "done", status, usage, tool_calls, session_id });
      return { status: 200, toolCalls: answer.tool_calls.length };
    })
    .catch((error): Outcome => {
      const safe = fail(ctx, error);
      sse.send({ type: "error", error: safe });
      return { status: 200, toolCalls: 0, error: safe.code };
    })
    .finally(() => sse.close());
  const response = new Response(sse.readable, {
    status: 200,
    headers: { ...SSE_HEADERS, [REQUEST_ID_HEADER]: ctx.requestId },
  });
  return { response, finished };
}
