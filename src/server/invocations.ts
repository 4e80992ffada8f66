import type { Server } from "bun";
import type { Agent, AnswerRequest } from "../agent/types.ts";
import type { ServerSettings } from "../config/types.ts";
import type { Logger } from "../log.ts";
import { tracing } from "../telemetry/index.ts";
import { tokenFingerprint } from "./access.ts";
import { type Answered, answerJson, answerStream } from "./answer.ts";
import { parseJson, readBody } from "./body.ts";
import { parseInvocation, wantsStream } from "./invocation.ts";
import type { PingState } from "./ping.ts";
import { HttpError } from "./respond.ts";

export interface InvocationsOptions {
  settings: ServerSettings;
  agent: () => Promise<Agent>;
  logger: Logger;
  ping: PingState;
}

export interface Invocations {
  /**
   * `POST /invocations`: body read (size and time capped) before a slot is taken, parsed, answered as
   * JSON or SSE, logged once when it ends. With a `token`, the session lives in that token's scope.
   */
  handle(request: Request, server: Server<undefined>, requestId: string, token?: string): Promise<Response>;
  /** Refuses new invocations, waits up to `graceMs` for running ones, then aborts what is left. */
  drain(graceMs: number): Promise<void>;
}

const RETRY_AFTER = { "retry-after": "1" };

export function createInvocations(options: InvocationsOptions): Invocations {
  const { settings, logger, ping } = options;
  const inflight = new Set<Promise<unknown>>();
  const hardStop = new AbortController();
  let draining = false;

  async function handle(
    request: Request,
    server: Server<undefined>,
    requestId: string,
    token?: string,
  ): Promise<Response> {
    if (draining) throw new HttpError(503, "E_SHUTTING_DOWN", "the server is shutting down", RETRY_AFTER);
    // Read before taking a slot: a body trickling in must not hold one (it has its own deadline).
    const bytes = await readBody(request, settings.max_body_bytes, settings.body_timeout_ms);
    if (draining) throw new HttpError(503, "E_SHUTTING_DOWN", "the server is shutting down", RETRY_AFTER);
    if (inflight.size >= settings.max_concurrent) {
      throw new HttpError(
        503,
        "E_BUSY",
        `${settings.max_concurrent} invocations are already running`,
        RETRY_AFTER,
      );
    }
    const started = performance.now();
    let release!: () => void;
    const slot = new Promise<void>((resolve) => {
      release = resolve;
    });
    inflight.add(slot);
    const end = ping.begin();
    const log = (fields: Record<string, unknown>) =>
      logger.info("invocation", {
        request_id: requestId,
        duration_ms: Math.round(performance.now() - started),
        ...fields,
      });
    let answered: Answered | undefined;
    try {
      const invocation = parseInvocation(parseJson(bytes), request.headers);
      // Model and tool work can be silent for minutes; the connection must not idle out meanwhile.
      server.timeout(request, 0);
      const stream = wantsStream(request.headers);
      const ctx = {
        agent: token === undefined ? options.agent : () => options.agent().then((a) => scoped(a, token)),
        invocation,
        requestId,
        signal: AbortSignal.any([request.signal, hardStop.signal]),
        logger: logger.child({ request_id: requestId, session_id: invocation.sessionId }),
      };
      // A caller's W3C traceparent makes the answer's invoke_agent span part of the caller's trace.
      answered = await tracing().withIncoming(request.headers, () =>
        stream ? answerStream(ctx) : answerJson(ctx),
      );
      answered.finished.then((outcome) =>
        log({
          session_id: invocation.sessionId,
          stream,
          status: outcome.status,
          tool_calls: outcome.toolCalls,
          error_code: outcome.error,
        }),
      );
      return answered.response;
    } catch (error) {
      if (error instanceof HttpError) log({ status: error.status, error_code: error.code });
      throw error;
    } finally {
      const done = answered?.finished ?? Promise.resolve();
      done.finally(() => {
        end();
        release();
        inflight.delete(slot);
      });
    }
  }

  /** The agent as seen by one token: its session ids are prefixed, so no token reaches another's sessions. */
  function scoped(agent: Agent, token: string): Agent {
    const scope = tokenFingerprint(token);
    return {
      ...agent,
      async answer(request: AnswerRequest) {
        const { sessionId } = request;
        if (sessionId === undefined) return agent.answer(request);
        const answer = await agent.answer({ ...request, sessionId: `${scope}:${sessionId}` });
        return { ...answer, session_id: sessionId };
      },
    };
  }

  async function drain(graceMs: number): Promise<void> {
    draining = true;
    let timer: Timer | undefined;
    const expired = new Promise<"expired">((resolve) => {
      timer = setTimeout(() => resolve("expired"), graceMs);
    });
    const result = await Promise.race([Promise.all([...inflight]).then(() => "drained" as const), expired]);
    clearTimeout(timer);
    if (result === "expired") {
      logger.warn("shutdown grace period over; aborting in-flight invocations", { in_flight: inflight.size });
      hardStop.abort(new Error("server shutting down"));
      // Aborted answers end at once (answer.ts races the signal); this only bounds a stuck socket.
      await Promise.race([Promise.all([...inflight]), Bun.sleep(1000)]);
    }
  }

  return { handle, drain };
}
