import type { Account } from "../config/types.ts";
import type { ErrorCode } from "../errors.ts";

/** A tool as the model, MCP clients and `ops-agent tools` see it. */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's own input, with `accounts` and `regions` added by the executor. */
  inputSchema: Record<string, unknown>;
}

/** What one account×region unit of a plugin tool returned (its region of the script's answer): items, truncation, next page. */
export interface UnitData {
  items: unknown[];
  truncated: boolean;
  next_token?: string;
  /**
   * The parent the arguments named (a plugin `parent`, e.g. `cluster`) does not exist in this account and
   * region: an answer ("not here", no items), not a failure.
   */
  not_found?: NotFound;
}

/** A named parent that is not in the unit's account and region, with the AWS error that said so. */
export interface NotFound {
  param: string;
  value: unknown;
  code: string;
  message: string;
}

/** Error of one account×region unit. */
export interface UnitError {
  code: ErrorCode | string;
  message: string;
  retryable: boolean;
  /** The AWS error code behind it, when AWS named one (what `ignore_errors.aws_code` matches). */
  aws_code?: string;
}

interface UnitBase {
  account_id: string;
  account_name: string;
  region: string;
  /** Whether the result came from the short result cache. */
  cached?: boolean;
  /** True when the error matched `executor.ignore_errors` and was turned into an empty result. */
  ignored?: boolean;
  duration_ms: number;
}

/** The result of one tool in one account and region. One failing unit never hides the others. */
export type UnitResult = UnitBase &
  ({ ok: true; data: UnitData; error?: undefined } | { ok: false; error: UnitError; data?: undefined });

/** `ok`: every unit answered; `partial`: some failed; `failed`: none answered. Computed once, by the executor. */
export type CallStatus = "ok" | "partial" | "failed";

/** The stable envelope of `ops-agent call --output json`, also fed to the model as a tool result. */
export interface CallResult {
  tool: string;
  /** The tool's own arguments, without `accounts`/`regions`. */
  args: Record<string, unknown>;
  results: UnitResult[];
  status: CallStatus;
  summary: { units: number; ok: number; failed: number; duration_ms: number };
}

/** Progress of one unit: called when it starts and when it ends. */
export type UnitEvent = { phase: "start" | "end"; account: Account; region: string; result?: UnitResult };

export interface InvokeOptions {
  signal?: AbortSignal;
  /** Progress callback; a throwing one is logged and ignored. */
  onUnit?: (event: UnitEvent) => void;
  /** Bypass the result cache (results are still stored). */
  noCache?: boolean;
  /** Units (scripts) in flight for this call; default `executor.concurrency`. */
  concurrency?: number;
  /**
   * Several calls sharing scripts (`executor.shareScripts(n)`, given to each of the n calls): their
   * scripts for one account travel as one. The calls then share one signal (the first part's).
   */
  share?: ScriptShare;
}

/** A token for `n` tool calls whose scripts for one account ride in the same script (one model turn). */
export interface ScriptShare {
  readonly calls: number;
}

/**
 * Runs the executor's tools (plugin tools and `list_accounts`: what `specs()` lists and the model sees) across
 * accounts and regions; the one entry point of the CLI, the agent, the servers and the planner.
 */
export interface Executor {
  specs(): ToolSpec[];
  /**
   * Runs tool `name` with `rawInput` as the model, an MCP client or the CLI gives it: the tool's own
   * arguments plus `accounts`/`regions` (arrays or comma-separated strings; `all`, ids, names,
   * aliases, `env:<environment>`). Bad input throws OpsError before any network traffic; unit
   * failures never throw, they are results.
   */
  invoke(name: string, rawInput: unknown, options?: InvokeOptions): Promise<CallResult>;
  accounts(): Account[];
  /**
   * A share for `calls` tool calls of one turn: pass it as `share` to each of them and they send one
   * script per account (each request costs quota) with results split back per call exactly as if
   * each ran alone. Every one of the calls must be invoked. Absent: each call runs its own scripts.
   */
  shareScripts?(calls: number): ScriptShare;
}
