import type { ToolCallData } from "../results/record.ts";

/** Events an answer emits while it runs; `ask` prints them, `serve` streams them as SSE. */
export type AgentEvent =
  | { type: "text"; delta: string }
  | { type: "tool_start"; id: string; tool: string; accounts: string[]; regions: string[] }
  | {
      type: "tool_end";
      id: string;
      tool: string;
      accounts: string[];
      regions: string[];
      ok: boolean;
      units: number;
      failed: number;
      duration_ms: number;
    }
  | {
      type: "account_error";
      tool: string;
      account_id: string;
      region: string;
      code: string;
      message: string;
    };

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

export interface ToolCallRecord {
  tool: string;
  input: Record<string, unknown>;
  ok: boolean;
  units: number;
  failed: number;
  duration_ms: number;
  /** Arguments, units and rows (capped) of the call, when the caller asked for them (`ask --output json`). */
  data?: ToolCallData;
}

/**
 * How an answer relates to the question:
 * - `ok`: every tool unit it relied on answered;
 * - `partial`: some unit (account × region) failed, so the answer may be missing data;
 * - `declined`: the agent could not apply (part of) the question and the text says what;
 * - `refused`: the question asked ops-agent to change something; it is read-only.
 * `ask` exits 0 / 3 / 2 / 2; `/invocations` answers 200 with the text for all four.
 */
export type AnswerStatus = "ok" | "partial" | "declined" | "refused";

export interface AgentAnswer {
  answer: string;
  status: AnswerStatus;
  session_id?: string;
  tool_calls: ToolCallRecord[];
  usage: Usage;
  iterations: number;
  duration_ms: number;
  model_id: string;
  /** The session's result tables and their row counts, when `collect` was asked for. */
  tables?: Array<{
    name: string;
    units_table: string;
    tool: string;
    rows: number;
    units: number;
    failed: number;
  }>;
}

export interface AnswerRequest {
  prompt: string;
  /** Keep each tool call's data in `tool_calls[].data` and list the result tables (`ask --output json`). */
  collect?: boolean;
  /** Conversation to continue; none means one-shot. */
  sessionId?: string;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
  /** Columns the answer's tables may use (`ask` on a terminal); no limit when absent. */
  width?: number;
}

export interface Agent {
  answer(request: AnswerRequest): Promise<AgentAnswer>;
}
