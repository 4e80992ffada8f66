import type { Account } from "../../config/types.ts";
import { toOpsError } from "../../errors.ts";
import { PROBE_SCRIPT, type ProbeFindings, readProbeAnswer, TEMPLATE_IMPORTS } from "../../plugins/probe.ts";
import { type AnswerShape, runScriptAnswer } from "../../tools/unit.ts";
import type { Runtime } from "../runtime.ts";
import type { McpCheck } from "./doctor-mcp.ts";

/** What doctor learnt from the script sandbox on first contact (`--output json`: the `probe` key). */
export interface ProbeReport extends Partial<ProbeFindings> {
  /** How the server wrapped the answer. */
  shape?: AnswerShape;
  /** One tiny script, round trip (signing, quota waits and task polling included). */
  duration_ms: number;
  /** Modules the template needs and cannot do without, missing here. */
  missing_required: string[];
  /** Modules the template adapts to (e.g. asyncio: regions one after another), missing here. */
  missing_optional: string[];
  error?: { code: string; message: string };
}

const SHAPES: Record<AnswerShape, string> = {
  bare: "bare value",
  envelope: "{status, return_value} envelope",
  task: "task id, polled to its end",
};

const ADAPTS: Record<string, string> = { asyncio: "regions run one after another, not concurrently" };

/**
 * Sends the probe script once (`PROBE_SCRIPT`: imports what the template imports, no AWS call) and
 * reports what the sandbox has, which result shape came back and how long one script took. Missing
 * optional modules warn (the template adapts at run time); a missing required one, or no
 * `call_boto3`, fails: no tool script would run there. A probe that could not run only warns: it is
 * not evidence that tool scripts cannot.
 */
export async function probeCheck(
  runtime: Runtime,
  account: Account,
): Promise<{ check: McpCheck; probe: ProbeReport }> {
  const { mcp } = runtime.config.settings;
  const started = performance.now();
  const run = {
    mcp: runtime.mcp,
    scriptTool: mcp.script_tool,
    taskTool: mcp.task_tool,
    pollMs: mcp.task_poll_ms,
    timeoutMs: runtime.config.settings.executor.unit_timeout_ms,
  };
  const base = { missing_required: [], missing_optional: [] };
  const ms = () => Math.round(performance.now() - started);
  try {
    const answer = await runScriptAnswer(account, runtime.config.settings.region, PROBE_SCRIPT, run);
    const found = readProbeAnswer(answer.value);
    if (!found) {
      const text = (answer.text || JSON.stringify(answer.value) || "").slice(0, 300);
      const probe = { ...base, shape: answer.shape, duration_ms: ms() };
      return { probe, check: unknown(`the probe script came back as something else: ${text}`) };
    }
    const probe: ProbeReport = {
      ...found,
      shape: answer.shape,
      duration_ms: ms(),
      missing_required: TEMPLATE_IMPORTS.filter((i) => i.required && !found.modules[i.module]).map(
        (i) => i.module,
      ),
      missing_optional: TEMPLATE_IMPORTS.filter((i) => !i.required && !found.modules[i.module]).map(
        (i) => i.module,
      ),
    };
    return {
      probe,
      check: judge(probe, Math.min(mcp.timeout_ms, runtime.config.settings.executor.unit_timeout_ms)),
    };
  } catch (error) {
    const e = toOpsError(error);
    const probe = { ...base, duration_ms: ms(), error: { code: e.code, message: e.message } };
    return { probe, check: unknown(`${e.code}: ${e.message}`) };
  }
}

const fail = (detail: string): McpCheck => ({ check: "script sandbox", status: "fail", detail });
/** The probe told nothing (refused, failed, odd answer): a warning; the script run check says whether tools run. */
const unknown = (detail: string): McpCheck => ({
  check: "script sandbox",
  status: "warn",
  detail: `probe failed, sandbox unknown (the script run check says whether tool scripts run): ${detail}`,
});

/**
 * A tool script makes several API calls (pages, regions, follow-ups) where the probe makes none: a
 * probe that already takes a quarter of the tightest timeout leaves tool scripts too little room.
 */
const ROOM = 4;

function judge(probe: ProbeReport, timeoutMs: number): McpCheck {
  const modules = Object.keys(probe.modules ?? {});
  const have = modules.filter((m) => probe.modules?.[m]);
  const parts = [
    `one script in ${probe.duration_ms} ms`,
    SHAPES[probe.shape ?? "bare"],
    `imports ${have.join(", ") || "none"}${probe.python ? ` (Python ${probe.python})` : ""}`,
  ];
  if (!probe.callBoto3)
    return fail(`${parts.join("; ")}; no call_boto3 in scope: tool scripts cannot call AWS here`);
  if (probe.missing_required.length > 0) {
    return fail(
      `${parts.join("; ")}; missing ${probe.missing_required.join(", ")}: tool scripts cannot run here`,
    );
  }
  for (const m of probe.missing_optional) parts.push(`no ${m}: ${ADAPTS[m] ?? "the template falls back"}`);
  const tight = probe.duration_ms * ROOM > timeoutMs;
  if (tight) {
    parts.push(
      `over 1/${ROOM} of the ${timeoutMs} ms timeout: tool scripts may not finish (raise mcp.timeout_ms and executor.unit_timeout_ms)`,
    );
  }
  return {
    check: "script sandbox",
    status: probe.missing_optional.length > 0 || tight ? "warn" : "ok",
    detail: parts.join("; "),
  };
}
