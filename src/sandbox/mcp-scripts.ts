import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolRequest,
  CallToolResult,
  ServerNotification,
  ServerRequest,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { isProbeScript } from "../plugins/probe.ts";
import { splitSharedScript } from "../plugins/shared-script.ts";
import { extractSpec } from "./extract-spec.ts";
import type { McpProfile } from "./mcp-profile.ts";

/** A `tools/call` handler of the MCP SDK's low-level `Server`. */
export type CallToolHandler = (
  request: CallToolRequest,
  extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
) => Promise<CallToolResult>;

/** What the endpoint knows of one `aws___run_script` call. */
export interface ScriptCall {
  accountId: string;
  service: string;
  operation: string;
  regions: string[];
}

/** How scripts answer under a profile: latency, result envelope, tasks for slow scripts. */
export interface ScriptHooks {
  /** Runs `script` (the interpreted call) as the profile says and answers for it. */
  run(call: ScriptCall, script: () => Promise<CallToolResult>): Promise<CallToolResult>;
  /** The `aws___get_tasks` tool: a task of the calling account, still working or with its result. */
  getTasks(args: Record<string, unknown> | undefined, accountId: string): CallToolResult;
  /** Tools the profile adds to `tools/list`. */
  tools: Tool[];
}

type Task = { accountId: string; at: number; outcome?: Record<string, unknown> };

const TASK_TTL_MS = 10 * 60_000;

const GET_TASKS: Tool = {
  name: "aws___get_tasks",
  description: "Status and result of long-running scripts, by task id.",
  inputSchema: { type: "object", properties: { task_id: { type: "string" } }, required: ["task_id"] },
};

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

/**
 * The envelope the real server puts around a script's outcome (third-party captures):
 * `{status: "success", return_value, api_calls}`, or `{status: "error", error}` for a script that raised.
 */
function envelope(call: ScriptCall, result: CallToolResult): Record<string, unknown> {
  const api_calls = call.regions.map((region) => ({
    service: call.service,
    operation: call.operation,
    region,
  }));
  if (result.isError) return { status: "error", error: String(resultValue(result)), api_calls };
  return { status: "success", return_value: resultValue(result), api_calls };
}

/** The hooks of `profile`; undefined when scripts answer as they are (no latency, bare value). */
export function createScriptHooks(profile: McpProfile): ScriptHooks | undefined {
  if (profile.envelope === "bare" && !profile.scriptLatencyMs && profile.taskAfterMs === undefined) return;
  const tasks = new Map<string, Task>();
  const wrapped = profile.envelope === "wrapped";

  function sweep(now: number) {
    for (const [id, task] of tasks) if (now - task.at > TASK_TTL_MS) tasks.delete(id);
  }

  return {
    tools: profile.taskAfterMs === undefined ? [] : [GET_TASKS],
    async run(call, script) {
      const done = Bun.sleep(profile.scriptLatencyMs).then(script);
      const finish = (result: CallToolResult) =>
        wrapped ? answer(envelope(call, result), Boolean(result.structuredContent)) : result;
      if (profile.taskAfterMs === undefined || profile.taskAfterMs >= profile.scriptLatencyMs) {
        return finish(await done);
      }
      const early = await Promise.race([done, Bun.sleep(profile.taskAfterMs).then(() => undefined)]);
      if (early) return finish(early);
      const now = Date.now();
      sweep(now);
      const id = crypto.randomUUID();
      const task: Task = { accountId: call.accountId, at: now };
      tasks.set(id, task);
      void done.then((result) => {
        task.outcome = envelope(call, result);
        if (task.outcome.status === "error") task.outcome.status = "failed";
      });
      return answer({ status: "working", task_id: id }, true);
    },
    getTasks(args, accountId) {
      const id = typeof args?.task_id === "string" ? args.task_id : "";
      const task = tasks.get(id);
      // Another account's task does not exist for this caller.
      if (!task || task.accountId !== accountId) {
        return { content: [{ type: "text", text: `Task not found: ${id}` }], isError: true };
      }
      const entry = task.outcome ? { task_id: id, ...task.outcome } : { task_id: id, status: "working" };
      return answer({ tasks: [entry] }, true);
    },
  };
}

/**
 * `handler` under `hooks`: `aws___run_script` runs through `hooks.run` (scripts that are not ours go
 * to `handler` unchanged, which refuses them), `aws___get_tasks` is answered by the hooks.
 */
export function withScriptHooks(
  hooks: ScriptHooks | undefined,
  accountOf: (extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => string,
  handler: CallToolHandler,
): CallToolHandler {
  if (!hooks) return handler;
  return async (request, extra) => {
    const { name, arguments: args } = request.params;
    if (name === "aws___get_tasks" && hooks.tools.length > 0) return hooks.getTasks(args, accountOf(extra));
    if (name !== "aws___run_script") return handler(request, extra);
    const code = String(args?.code);
    // doctor's probe and shared scripts (several tool scripts, the first one named) take the profile too.
    const probe = { service: "probe", operation: "probe", regions: [] };
    let spec: Pick<ReturnType<typeof extractSpec>, "service" | "operation" | "regions">;
    try {
      spec = isProbeScript(code) ? probe : extractSpec(splitSharedScript(code)?.[0] ?? code);
    } catch {
      return handler(request, extra);
    }
    const call = { accountId: accountOf(extra), service: spec.service, operation: spec.operation };
    return hooks.run({ ...call, regions: spec.regions }, () => handler(request, extra));
  };
}
