import type { ContentBlock, ToolResultContentBlock, ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import { raceAbort } from "../_async.ts";
import type { ResultsSettings } from "../config/types.ts";
import { toOpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { callData, queryData } from "../results/record.ts";
import { QUERY_RESULTS, runQueryResults } from "../results/tool.ts";
import type { ResultStore } from "../results/types.ts";
import { tracing } from "../telemetry/index.ts";
import { describeTargets } from "../tools/args.ts";
import type { CallResult, Executor, ScriptShare } from "../tools/types.ts";
import { toolResultBlock } from "./tool-result.ts";
import type { AgentEvent, ToolCallRecord } from "./types.ts";

type ToolEnd = Extract<AgentEvent, { type: "tool_end" }>;

export interface RunToolsOptions {
  executor: Executor;
  /** The session's result tables: every call is stored, `query_results` reads them. */
  store: ResultStore;
  results: ResultsSettings;
  /** Keep each call's data (arguments, units, capped rows) in its record (`ask --output json`). */
  collect?: boolean;
  maxChars: number;
  /** Mark failed results with `status: "error"` (models that accept the field); the error is in the JSON either way. */
  errorStatus: boolean;
  logger: Logger;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

const unique = (values: string[]) => [...new Set(values)];

/** Runs one tool use through the executor and returns the `toolResult` block fed back to the model. */
async function runToolUse(
  use: ToolUseBlock,
  options: RunToolsOptions,
  share?: ScriptShare,
): Promise<{ block: ContentBlock; record: ToolCallRecord }> {
  const { executor, onEvent, signal } = options;
  const status = (ok: boolean) =>
    options.errorStatus ? { status: ok ? ("success" as const) : ("error" as const) } : {};
  const id = use.toolUseId ?? "";
  const tool = use.name ?? "";
  const input = (use.input ?? {}) as Record<string, unknown>;
  // Started first: with a share, every call of the turn must reach the executor, whatever happens here.
  const pending = tool === QUERY_RESULTS ? undefined : executor.invoke(tool, input, { signal, share });
  pending?.catch(() => {});
  // What the model asked for, for progress; the executor parses and validates the input itself.
  const { accounts, regions } = describeTargets(input);
  onEvent?.({ type: "tool_start", id, tool, accounts, regions });
  const started = performance.now();
  /** The use's one `tool_end` event, and the block and record that report it. */
  const end = (
    outcome: Omit<ToolEnd, "type" | "id" | "tool" | "duration_ms">,
    content: ToolResultContentBlock[],
    data?: ToolCallRecord["data"],
  ) => {
    const duration_ms = Math.round(performance.now() - started);
    const { ok, units, failed } = outcome;
    onEvent?.({ type: "tool_end", id, tool, ...outcome, duration_ms });
    return {
      block: { toolResult: { toolUseId: id, ...status(ok), content } },
      record: { tool, input, ok, units, failed, duration_ms, ...(options.collect && data ? { data } : {}) },
    };
  };
  let result: CallResult;
  try {
    if (tool === QUERY_RESULTS) {
      const query = await runQueryResults(options.store, input, options.results, options.maxChars);
      const outcome = { accounts: [], regions: [], ok: true, units: 0, failed: 0 };
      return end(outcome, [{ json: query.view as never }], queryData(String(input.sql), query.result));
    }
    result = await raceAbort(pending!, signal);
  } catch (error) {
    const e = toOpsError(error);
    if (e.code === "E_CANCELLED" || signal?.aborted) throw e;
    options.logger.debug("tool call rejected", { tool, code: e.code });
    const error_ = { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
    return end({ accounts, regions, ok: false, units: 0, failed: 0 }, [{ json: { error: error_ } }]);
  }
  const { units, failed } = result.summary;
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
  const outcome = {
    accounts: unique(result.results.map((r) => r.account_id)),
    regions: unique(result.results.map((r) => r.region)),
    ok: result.status !== "failed",
    units,
    failed,
  };
  const info = options.store.add(result);
  const block = toolResultBlock(result, info, options.maxChars, options.results.preview_rows);
  return end(outcome, [block], callData(result, info, options.results.max_rows));
}

/**
 * Runs all tool uses of one model turn concurrently; results keep the order of the uses. Their
 * scripts for one account ride in the same script (`executor.shareScripts`): each request costs quota.
 */
export async function runToolUses(
  uses: ToolUseBlock[],
  options: RunToolsOptions,
): Promise<{ blocks: ContentBlock[]; records: ToolCallRecord[] }> {
  const calls = uses.filter((use) => (use.name ?? "") !== QUERY_RESULTS).length;
  const share = calls > 1 ? options.executor.shareScripts?.(calls) : undefined;
  const done = await Promise.all(
    uses.map((use) =>
      tracing().tool(
        { name: use.name ?? "", callId: use.toolUseId, args: use.input },
        () => runToolUse(use, options, share),
        (ran) => ({ ...ran.record, result: ran.block.toolResult?.content }),
      ),
    ),
  );
  return { blocks: done.map((d) => d.block), records: done.map((d) => d.record) };
}
