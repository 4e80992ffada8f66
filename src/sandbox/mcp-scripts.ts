import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { splitSharedScript } from "../plugins/shared-script.ts";
import { extractSpec } from "./extract-spec.ts";
import type { McpProfile } from "./mcp-profile.ts";
import type { SimTool } from "./mcp-sim-server.ts";

/** One AWS call a script makes, as the real server lists them in `api_calls`. */
export interface ApiCall {
  service: string;
  operation: string;
  region: string;
}

type Task = { accountId: string; at: number; outcome?: Record<string, unknown> };

const SCRIPT_TOOL = "aws___run_script";
const TASK_TTL_MS = 10 * 60_000;

/** The value of a tool result: its structuredContent, else its JSON text, else the text. */
function resultValue(result: CallToolResult): unknown {
  if (result.structuredContent) return result.structuredContent;
  const first = result.content[0];
  const text = first?.type === "text" ? first.text : "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function answer(value: Record<string, unknown>, structured: boolean): CallToolResult {
  const content = [{ type: "text" as const, text: JSON.stringify(value) }];
  return structured ? { content, structuredContent: value } : { content };
}

/** The calls our generated (or shared) script makes, one per part and region; none for any other code. */
function apiCallsOf(code: unknown): ApiCall[] {
  const parts = splitSharedScript(String(code)) ?? [String(code)];
  return parts.flatMap((part) => {
    try {
      const spec = extractSpec(part);
      return spec.regions.map((region) => ({ service: spec.service, operation: spec.operation, region }));
    } catch {
      return []; // doctor's probe, or code the sandbox refuses
    }
  });
}

/**
 * The envelope the real server puts around a script's outcome (third-party captures):
 * `{status: "success", return_value, api_calls}`, or `{status: "error", error}` for a script that raised.
 */
function envelope(api_calls: ApiCall[], result: CallToolResult): Record<string, unknown> {
  if (result.isError) return { status: "error", error: String(resultValue(result)), api_calls };
  return { status: "success", return_value: resultValue(result), api_calls };
}

/**
 * `tools` under the script behaviour of `profile`: `aws___run_script` takes `scriptLatencyMs`, its
 * result is wrapped when the profile says so, and a script slower than `taskAfterMs` answers
 * `{status: "working", task_id}` at once while `aws___get_tasks` (added) reports it, then its
 * result. Tasks belong to the account that started them. `tools` unchanged for the `fast` profile.
 */
export function withScriptBehaviour(tools: SimTool[], profile: McpProfile): SimTool[] {
  const { scriptLatencyMs: latency, taskAfterMs } = profile;
  const wrapped = profile.envelope === "wrapped";
  if (!wrapped && !latency && taskAfterMs === undefined) return tools;
  const tasks = new Map<string, Task>();

  async function run(tool: SimTool, ...[args, ctx]: Parameters<SimTool["call"]>) {
    const calls = apiCallsOf(args.code);
    const done = Bun.sleep(latency).then(() => tool.call(args, ctx));
    const finish = (result: CallToolResult) =>
      wrapped ? answer(envelope(calls, result), Boolean(result.structuredContent)) : result;
    if (taskAfterMs === undefined || taskAfterMs >= latency) return finish(await done);
    const early = await Promise.race([done, Bun.sleep(taskAfterMs).then(() => undefined)]);
    if (early) return finish(early);
    const now = Date.now();
    for (const [id, task] of tasks) if (now - task.at > TASK_TTL_MS) tasks.delete(id);
    const id = crypto.randomUUID();
    const task: Task = { accountId: ctx.accountId, at: now };
    tasks.set(id, task);
    void done.then((result) => {
      task.outcome = envelope(calls, result);
      if (task.outcome.status === "error") task.outcome.status = "failed";
    });
    return answer({ status: "working", task_id: id }, true);
  }

  const getTasks: SimTool = {
    name: "aws___get_tasks",
    description: "Status and result of long-running scripts, by task id.",
    inputSchema: { type: "object", properties: { task_id: { type: "string" } }, required: ["task_id"] },
    call(args, ctx) {
      const id = typeof args.task_id === "string" ? args.task_id : "";
      const task = tasks.get(id);
      // Another account's task does not exist for this caller.
      if (!task || task.accountId !== ctx.accountId) {
        return { content: [{ type: "text", text: `Task not found: ${id}` }], isError: true };
      }
      const entry = task.outcome ? { task_id: id, ...task.outcome } : { task_id: id, status: "working" };
      return answer({ tasks: [entry] }, true);
    },
  };

  const wrappedTools = tools.map((t) =>
    t.name === SCRIPT_TOOL ? { ...t, call: (...a: Parameters<SimTool["call"]>) => run(t, ...a) } : t,
  );
  return taskAfterMs === undefined ? wrappedTools : [...wrappedTools, getTasks];
}
