import type { ContentBlock, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import { toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { CallResult, Executor } from "../tools/types.ts";
import { fitToolResult } from "./truncate.ts";
import type { AgentEvent, ToolCallRecord } from "./types.ts";

export interface RunToolsOptions {
  executor: Executor;
  maxChars: number;
  /** Mark failed results with `status: "error"` (models that accept the field); the error is in the JSON either way. */
  errorStatus: boolean;
  logger: Logger;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

/** The model may send `accounts`/`regions` as a list or as one comma-separated string. */
function names(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String).filter((s) => s.length > 0);
  if (typeof value === "string" && value.trim() !== "") return value.split(",").map((s) => s.trim());
  return undefined;
}

const unique = (values: string[]) => [...new Set(values)];

/** Settles with the call or rejects at once on abort, so Ctrl-C never waits for a slow executor. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Runs one tool use through the executor and returns the `toolResult` block fed back to the model. */
async function runOne(
  use: ToolUseBlock,
  options: RunToolsOptions,
): Promise<{ block: ContentBlock; record: ToolCallRecord }> {
  const { executor, onEvent, signal } = options;
  const status = (ok: boolean) =>
    options.errorStatus ? { status: ok ? ("success" as const) : ("error" as const) } : {};
  const id = use.toolUseId ?? "";
  const tool = use.name ?? "";
  const input = (use.input ?? {}) as Record<string, unknown>;
  const { accounts: rawAccounts, regions: rawRegions, ...args } = input;
  const accounts = names(rawAccounts);
  const regions = names(rawRegions);
  onEvent?.({ type: "tool_start", id, tool, accounts: accounts ?? [], regions: regions ?? [] });
  const started = performance.now();
  let result: CallResult;
  try {
    result = await untilAborted(executor.call({ tool, args, accounts, regions, signal }), signal);
  } catch (error) {
    const e = toOpsError(error);
    if (e.code === "E_CANCELLED" || signal?.aborted) throw e;
    const duration_ms = Math.round(performance.now() - started);
    options.logger.debug("tool call rejected", { tool, code: e.code });
    onEvent?.({
      type: "tool_end",
      id,
      tool,
      accounts: accounts ?? [],
      regions: regions ?? [],
      ok: false,
      units: 0,
      failed: 0,
      duration_ms,
    });
    const error_ = { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
    return {
      block: { toolResult: { toolUseId: id, ...status(false), content: [{ json: { error: error_ } }] } },
      record: { tool, input, ok: false, units: 0, failed: 0, duration_ms },
    };
  }
  const duration_ms = Math.round(performance.now() - started);
  const { units, ok, failed } = result.summary;
  for (const unit of result.results) {
    if (unit.ok || !unit.error) continue;
    onEvent?.({
      type: "account_error",
      tool,
      account_id: unit.account_id,
      region: unit.region,
      code: unit.error.code,
      message: unit.error.message,
    });
  }
  const allFailed = units > 0 && ok === 0;
  onEvent?.({
    type: "tool_end",
    id,
    tool,
    accounts: unique(result.results.map((r) => r.account_id)),
    regions: unique(result.results.map((r) => r.region)),
    ok: !allFailed,
    units,
    failed,
    duration_ms,
  });
  const content = [fitToolResult(result, options.maxChars)];
  return {
    block: { toolResult: { toolUseId: id, ...status(!allFailed), content } },
    record: { tool, input, ok: !allFailed, units, failed, duration_ms },
  };
}

/** Runs all tool uses of one model turn concurrently; results keep the order of the uses. */
export async function runToolUses(
  uses: ToolUseBlock[],
  options: RunToolsOptions,
): Promise<{ blocks: ContentBlock[]; records: ToolCallRecord[] }> {
  const done = await Promise.all(uses.map((use) => runOne(use, options)));
  return { blocks: done.map((d) => d.block), records: done.map((d) => d.record) };
}
