import type { Agent, AgentAnswer, AnswerRequest } from "../agent/types.ts";
import { OpsError } from "../errors.ts";
import type { Executor } from "../tools/types.ts";
import { planQuestion } from "./plan.ts";
import { renderPlannedAnswer, runPlan } from "./run.ts";

const PLANNER_MODEL_ID = "ops-agent/model-free-planner";

/**
 * The model-free planner behind the `Agent` interface, so `ask`, `serve` and their events work the
 * same without Bedrock: one question → one tool over the named accounts → a table and a summary.
 * A change request is refused (E_READONLY); a question it cannot map is a usage error that lists
 * what it understands.
 */
export function createPlannerAgent(executor: Executor): Agent {
  return {
    async answer(request: AnswerRequest): Promise<AgentAnswer> {
      const started = performance.now();
      const plan = planQuestion(request.prompt, { tools: executor.specs(), accounts: executor.accounts() });
      if ("refused" in plan) throw new OpsError("E_READONLY", plan.message);
      if ("unmapped" in plan)
        throw new OpsError("E_USAGE", plan.message, { hint: "ops-agent tools lists what can be queried" });
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
        session_id: request.sessionId,
        tool_calls: [{ input: { ...plan.args, accounts, regions: plan.regions }, ...toolEnd }],
        usage: { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 },
        iterations: 1,
        duration_ms: Math.round(performance.now() - started),
        model_id: PLANNER_MODEL_ID,
      };
    },
  };
}
