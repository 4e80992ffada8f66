/**
 * Tracing hooks. Each instrumented site makes one call here; with tracing off (the default) every hook
 * runs its work directly and nothing of the OpenTelemetry SDK is loaded. `startTelemetry` (called once by
 * the CLI context when the OTEL_* variables ask for it) imports the SDK with a dynamic `import()` and
 * swaps the implementation; `stopTelemetry` flushes and swaps it back.
 */
import type { Logger } from "../log.ts";
import type { TelemetryConfig } from "./config.ts";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A question as its `invoke_agent` span records it (the agent's AnswerRequest fits). */
export interface AnswerInfo {
  prompt: string;
  sessionId?: string;
}

/** What an answer reports back (the agent's AgentAnswer fits). */
export interface AnswerOutcome {
  answer: string;
  status?: string;
  tool_calls: readonly unknown[];
  usage: { input_tokens: number; output_tokens: number };
  iterations: number;
}

/** Whatever answers questions: the Bedrock agent or the model-free planner (the agent's Agent fits). */
export interface Answering<R extends AnswerInfo, A extends AnswerOutcome> {
  answer(request: R): Promise<A>;
}

/** What a model turn reports back (the agent's TurnAccumulator fits). */
export interface ChatOutcome {
  stopReason: string;
  text?: string;
  usage?: {
    inputTokens?: number;
    outputTokens?: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  };
}

/** The model request of one turn (Bedrock's Converse input fits). */
export interface ChatRequest {
  modelId?: string;
  messages?: unknown;
  inferenceConfig?: { maxTokens?: number; temperature?: number };
}

export interface ToolInfo {
  name: string;
  /** The model's tool-use id (absent for the model-free planner, `call` and MCP clients). */
  callId?: string;
  /** Recorded only when message content capture is on. */
  args?: unknown;
}

export interface ToolOutcome {
  ok: boolean;
  units: number;
  failed: number;
  /** Recorded only when message content capture is on. */
  result?: unknown;
  /** Every account×region result: those no script answered (cache hits, refused regions) get their unit span here. */
  unitResults?: UnitRecord[];
}

/** One account×region result (the executor's UnitResult fits). */
export interface UnitRecord {
  account_id: string;
  account_name?: string;
  region: string;
  ok: boolean;
  cached?: boolean;
  ignored?: boolean;
  error?: { code: string };
  duration_ms: number;
}

export interface UnitInfo {
  tool: string;
  accountId: string;
  accountName?: string;
  /** The region of the MCP request (the script's first region). */
  region: string;
  /** Every region the script covers (one script per account). */
  regions?: string[];
}

/** What a unit reports back (the executor's UnitResult fits). */
export interface UnitOutcome {
  ok: boolean;
  cached?: boolean;
  ignored?: boolean;
  error?: { code: string };
  /** The script's account×region results: one `unit` span each, under the script's span. */
  results?: UnitRecord[];
}

export interface Tracing {
  /** Runs `fn` under the W3C trace context (`traceparent`, `tracestate`, `baggage`) of incoming headers. */
  withIncoming<T>(headers: Headers, fn: () => T): T;
  /** The agent with an `invoke_agent` root span around each answer. */
  agent<R extends AnswerInfo, A extends AnswerOutcome>(
    agent: Answering<R, A>,
    info: { model?: string },
  ): Answering<R, A>;
  /** One `chat` span around a model turn (retries included); `run` gets `onText` back, observed. */
  chat<T extends ChatOutcome>(
    request: ChatRequest,
    stream: boolean,
    onText: ((delta: string) => void) | undefined,
    run: (onText: ((delta: string) => void) | undefined) => Promise<T>,
  ): Promise<T>;
  /** One `execute_tool` span per tool use; an inner call for the same use annotates the outer span. */
  tool<T>(info: ToolInfo, run: () => Promise<T>, outcome: (result: T) => ToolOutcome): Promise<T>;
  /** One `script` span per script (an account and its regions; its MCP requests under it), one `unit` span per account×region. */
  unit<T extends UnitOutcome>(info: UnitInfo, run: () => Promise<T>): Promise<T>;
  /** A fetch layer above the retry layer: one span per MCP request, covering every attempt. */
  mcpRequests: (next: FetchLike) => FetchLike;
  /** Under the retry layer: counts attempts and 429s into the span of `mcpRequests`. */
  mcpAttempts: (next: FetchLike) => FetchLike;
  /** The root span of an MCP client's `tools/call` (`mcp` and `serve --mcp`); `_meta.traceparent` continues a trace. */
  mcpToolCall<T extends { isError?: boolean }>(
    info: { name: string; meta?: Record<string, unknown>; args?: unknown },
    run: () => Promise<T>,
  ): Promise<T>;
  shutdown(): Promise<void>;
}

const noop: Tracing = {
  withIncoming: (_headers, fn) => fn(),
  agent: (agent) => agent,
  chat: (_request, _stream, onText, run) => run(onText),
  tool: (_info, run) => run(),
  unit: (_info, run) => run(),
  mcpRequests: (next) => next,
  mcpAttempts: (next) => next,
  mcpToolCall: (_info, run) => run(),
  shutdown: async () => {},
};

let current: Tracing = noop;

/** The active hooks (the no-op set unless tracing was started). */
export function tracing(): Tracing {
  return current;
}

/** Loads the SDK and installs the tracing hooks; a no-op when the configuration says off. */
export async function startTelemetry(config: TelemetryConfig, logger: Logger): Promise<void> {
  if (!config.enabled || current !== noop) return;
  const { createTracing } = await import("./sdk.ts");
  current = createTracing(config, logger);
  const url = config.url.replace(/\/\/[^@/]*@/, "//");
  logger.info("tracing on", { reason: config.reason, url, protocol: config.protocol });
}

/** Ends every span processor after exporting what is queued (bounded by the export timeout). */
export async function stopTelemetry(): Promise<void> {
  const active = current;
  current = noop;
  await active.shutdown();
}
