import type { Account } from "../config/types.ts";
import type { ErrorCode } from "../errors.ts";

/** A tool as the model, MCP clients and `ops-agent tools` see it. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's own input, with `accounts` and `regions` added by the executor. */
  inputSchema: Record<string, unknown>;
}

/** Error of one account×region unit. */
export interface UnitError {
  code: ErrorCode | string;
  message: string;
  retryable: boolean;
}

/** The result of one tool in one account and region. One failing unit never hides the others. */
export interface UnitResult {
  account_id: string;
  account_name: string;
  region: string;
  ok: boolean;
  /** `{items, truncated, next_token?}` for plugin tools. */
  data?: unknown;
  error?: UnitError;
  /** Whether the result came from the short result cache. */
  cached?: boolean;
  /** True when the error matched `executor.ignore_errors` and was turned into an empty result. */
  ignored?: boolean;
  duration_ms: number;
}

/** The stable envelope of `ops-agent call --output json`, also fed to the model as a tool result. */
export interface CallResult {
  tool: string;
  args: Record<string, unknown>;
  results: UnitResult[];
  summary: { units: number; ok: number; failed: number; duration_ms: number };
}

export interface CallRequest {
  tool: string;
  /** The tool's own arguments (validated against its input schema). */
  args: Record<string, unknown>;
  /** `all`, ids, names, aliases, `env:<environment>`; default: all workload accounts. */
  accounts?: string[];
  /** Default: each account's regions, else the default region. */
  regions?: string[];
  noCache?: boolean;
  concurrency?: number;
  signal?: AbortSignal;
  /** Progress: called when a unit starts and ends. */
  onUnit?: (event: { phase: "start" | "end"; account: Account; region: string; result?: UnitResult }) => void;
}

/** Runs tools across accounts and regions; the one entry point of the CLI, the agent and the servers. */
export interface Executor {
  specs(): ToolSpec[];
  call(request: CallRequest): Promise<CallResult>;
  accounts(): Account[];
}
