import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { createSessionMemory, type SessionMemory } from "../agent/memory.ts";
import type { Agent, AgentAnswer, AnswerRequest, AnswerStatus } from "../agent/types.ts";
import { defaultSettings } from "../config/schema.ts";
import type { MemorySettings, ResultsSettings } from "../config/types.ts";
import { callData } from "../results/record.ts";
import type { Executor } from "../tools/types.ts";
import { countItems } from "./count.ts";
import { applyPostFilter } from "./filter.ts";
import { type Plan, type PlanContext, planQuestion } from "./plan.ts";
import { renderPlannedAnswer } from "./render.ts";
import { runPlan } from "./run.ts";

const PLANNER_MODEL_ID = "ops-agent/model-free-planner";

export interface PlannerAgentOptions {
  /** Conversation memory (`ask --session` restores one from disk): follow-ups start from the last plan. */
  memory?: SessionMemory;
  /** Bounds of the memory made when none is given (`serve`: sessions by header). */
  memorySettings?: MemorySettings;
  /** Bounds of the result table counts are computed over ("how many … per account"). */
  results?: ResultsSettings;
}

/**
 * The model-free planner behind the `Agent` interface, so `ask`, `serve` and their events work the
 * same without Bedrock: one question → one tool over the named accounts → a table and a summary.
 * A change request is answered `refused`; a question it cannot map, or a part of one it cannot apply,
 * is answered `declined` with what it could not do. Neither throws: they are answers, not faults.
 */
export function createPlannerAgent(executor: Executor, options: PlannerAgentOptions = {}): Agent {
  const memory =
    options.memory ?? (options.memorySettings ? createSessionMemory(options.memorySettings) : undefined);
  return {
    async answer(request: AnswerRequest): Promise<AgentAnswer> {
      const started = performance.now();
      const context: PlanContext = { tools: executor.specs(), accounts: executor.accounts() };
      if (memory && request.sessionId)
        context.previous = previousPlan(memory.history(request.sessionId), context);
      const plan = planQuestion(request.prompt, context);
      const results = options.results ?? defaultSettings.results;
      const answer = await answerWith(plan, executor, results, request, started);
      if (memory && request.sessionId)
        memory.commit(request.sessionId, [
          { role: "user", content: [{ text: request.prompt }] },
          { role: "assistant", content: [{ text: answer.answer }] },
        ]);
      return answer;
    },
  };
}

/** The plan the session's last answered question made: its user turns planned again, in order. */
export function previousPlan(history: Message[], context: PlanContext): Plan | undefined {
  let previous: Plan | undefined;
  for (const message of history) {
    const text =
      message.role === "user" ? message.content?.find((c) => "text" in c && c.text)?.text : undefined;
    if (!text) continue;
    const plan = planQuestion(text, { ...context, previous });
    if ("tool" in plan) previous = plan;
  }
  return previous;
}

async function answerWith(
  plan: ReturnType<typeof planQuestion>,
  executor: Executor,
  results: ResultsSettings,
  request: AnswerRequest,
  started: number,
): Promise<AgentAnswer> {
  if ("refused" in plan) return textAnswer(request, "refused", plan.message, started, []);
  if ("declined" in plan) {
    const text = `${plan.message}\n(ops-agent tools lists what can be queried.)`;
    return textAnswer(request, "declined", text, started, []);
  }
  const id = "planner-1";
  const { accounts, regions } = plan;
  request.onEvent?.({ type: "tool_start", id, tool: plan.tool, accounts, regions });
  // Units and failures only: renderPlannedAnswer applies the plan's client-side filters to the items.
  const result = await runPlan(plan, executor, request.signal);
  const failed = result.results.filter((u) => !u.ok);
  for (const unit of failed) {
    request.onEvent?.({
      type: "account_error",
      tool: plan.tool,
      account_id: unit.account_id,
      region: unit.region,
      code: String(unit.error?.code),
      message: unit.error?.message ?? "",
    });
  }
  const toolEnd = {
    tool: plan.tool,
    ok: result.status !== "failed",
    units: result.summary.units,
    failed: result.summary.failed,
    duration_ms: result.summary.duration_ms,
  };
  request.onEvent?.({ type: "tool_end", id, accounts, regions, ...toolEnd });
  // `ask --output json`: the call's arguments, units and rows (capped) behind the rendered answer.
  const data = request.collect ? { data: callData(result, undefined, PLANNER_ROW_CAP) } : {};
  const calls = [{ input: { ...plan.args, accounts, regions }, ...toolEnd, ...data }];
  const counts = plan.aggregate ? await countItems(plan, applyPostFilter(plan, result), results) : undefined;
  if (counts && "ungroupable" in counts) {
    const text = `The model-free planner could not count per ${counts.ungroupable}: the items ${plan.tool} returned have no ${counts.ungroupable} field, so it gives no counts rather than wrong ones.`;
    return textAnswer(request, "declined", text, started, calls);
  }
  const status = failed.length > 0 ? "partial" : "ok";
  return textAnswer(
    request,
    status,
    renderPlannedAnswer(plan, result, counts, request.width),
    started,
    calls,
  );
}

/** Rows of the call kept in `tool_calls[].data` (the planner stores no tables to query). */
const PLANNER_ROW_CAP = 200;

const NO_USAGE = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 };

function textAnswer(
  request: AnswerRequest,
  status: AnswerStatus,
  text: string,
  started: number,
  tool_calls: AgentAnswer["tool_calls"],
): AgentAnswer {
  const answer = `${text}\n`;
  request.onEvent?.({ type: "text", delta: answer });
  return {
    answer,
    status,
    session_id: request.sessionId,
    tool_calls,
    usage: { ...NO_USAGE },
    iterations: 1,
    duration_ms: Math.round(performance.now() - started),
    model_id: PLANNER_MODEL_ID,
  };
}
