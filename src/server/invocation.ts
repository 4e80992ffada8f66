import { isObject } from "../_json.ts";
import { HttpError } from "./respond.ts";

export const SESSION_HEADER = "x-amzn-bedrock-agentcore-runtime-session-id";
export const REQUEST_ID_HEADER = "x-amzn-bedrock-agentcore-runtime-request-id";

/** Largest prompt accepted, in characters (the model's context is far smaller anyway). */
const MAX_PROMPT_CHARS = 200_000;
/** AgentCore session ids are 33–256 characters; local callers may use shorter ones. */
const MAX_SESSION_CHARS = 256;

export interface Invocation {
  prompt: string;
  /** None means a one-shot answer without conversation memory. */
  sessionId?: string;
}

/**
 * The two payload shapes callers send — `{"prompt"}` and `{"input":{"prompt"}}` — with the
 * session from the runtime header (Headers lookups are case-insensitive), else `session_id` or `sessionId`.
 */
export function parseInvocation(payload: unknown, headers: Headers): Invocation {
  if (!isObject(payload)) throw badRequest('body must be a JSON object like {"prompt": "..."}');
  const source = payload.prompt !== undefined ? payload : isObject(payload.input) ? payload.input : payload;
  const prompt = source.prompt;
  if (typeof prompt !== "string" || prompt.trim() === "") {
    throw badRequest('"prompt" (or "input.prompt") must be a non-empty string');
  }
  if (prompt.length > MAX_PROMPT_CHARS)
    throw badRequest(`"prompt" is longer than ${MAX_PROMPT_CHARS} characters`);
  // `sessionId` is the TypeScript SDK's body field; `session_id` the local-use convention.
  const sessionId = headers.get(SESSION_HEADER) ?? payload.session_id ?? payload.sessionId ?? undefined;
  if (sessionId !== undefined && (typeof sessionId !== "string" || !validSession(sessionId))) {
    throw badRequest(`the session id must be a string of 1–${MAX_SESSION_CHARS} visible characters`);
  }
  return { prompt, sessionId: sessionId === "" ? undefined : sessionId };
}

function validSession(id: string): boolean {
  return id.length <= MAX_SESSION_CHARS && /^[\x21-\x7e]*$/.test(id);
}

function badRequest(message: string): HttpError {
  return new HttpError(400, "E_BAD_REQUEST", message);
}

/** Whether the caller asked for SSE (`Accept` includes text/event-stream). */
export function wantsStream(headers: Headers): boolean {
  return (headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}
