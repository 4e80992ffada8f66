import type { Agent, AgentAnswer, AnswerRequest, AnswerStatus } from "../agent/types.ts";
import type { Executor } from "../tools/types.ts";
import { planQuestion } from "./plan.ts";
import { renderPlannedAnswer, runPlan } from "./run.ts";

const PLANNER_MODEL_ID = "ops-agent/model-free-planner";

/**
 * The model-free planner behind the `Agent` interface, so `ask`, `serve` and their events work the
 * same without Bedrock: one question → one tool over the named accounts → a table and a summary.
 * A change request is answered `refused`; a question it cannot map is answered `declined` with what
 * it understands. Neither throws: they are answers (what a model-backed agent would say), not faults.
 */
export function createPlannerAgent(executor: Executor): Agent {
  return {
    async answer(request: AnswerRequest): Promise<AgentAnswer> {
      const started = performance.now();
      const plan = planQuestion(request.prompt, { tools: executor.specs(), accounts: executor.accounts() });
      if ("refused" in plan) return textAnswer(request, "refused", plan.message, started);
      if ("unmapped" in plan) {
        const text = `${plan.message}\n(ops-agent tools lists what can be queried.)`;
        return textAnswer(request, "declined", text, started);
      }
      const id = "planner-1";
      const accounts = plan.accounts;
      request.onEvent?.({ type: "tool_start", id, tool: plan.tool, accounts, regions: plan.regions });
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
        ok: failed.length < result.results.length,
        units: result.summary.units,
        failed: failed.length,
        duration_ms: result.summary.duration_ms,
      };
      request.onEvent?.({ type: "tool_end", id, accounts, regions: plan.regions, ...toolEnd });
      const answer = `${renderPlannedAnswer(plan, result)}\n`;
      request.onEvent?.({ type: "text", delta: answer });
      return {
        answer,
        status: failed.length > 0 ? "partial" : "ok",
        session_id: request.sessionId,
        tool_calls: [{ input: { ...plan.args, accounts, regions: plan.regions }, ...toolEnd }],
        usage: { ...NO_USAGE },
        iterations: 1,
        duration_ms: Math.round(performance.now() - started),
        model_id: PLANNER_MODEL_ID,
      };
    },
  };
}

const NO_USAGE = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 };

/** An answer that ran no tool: the text (a refusal or what could not be applied) is the whole answer. */
function textAnswer(
  request: AnswerRequest,
  status: AnswerStatus,
  text: string,
  started: number,
): AgentAnswer {
  const answer = `${text}\n`;
  request.onEvent?.({ type: "text", delta: answer });
  return {
    answer,
    status,
    session_id: request.sessionId,
    tool_calls: [],
    usage: { ...NO_USAGE },
    iterations: 1,
    duration_ms: Math.round(performance.now() - started),
    model_id: PLANNER_MODEL_ID,
  };
}
