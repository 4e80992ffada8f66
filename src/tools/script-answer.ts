import { isObject } from "../_json.ts";
import { OpsError } from "../errors.ts";
import { classifyAwsCode, classifyAwsText } from "./classify.ts";
import type { UnitData } from "./types.ts";

/**
 * What a `run_script` answer holds once the server's envelope is taken off: the script's own value,
 * or a task still running (poll `aws___get_tasks`).
 */
export type Unwrapped = { value: unknown } | { task: string };

const WORKING = /^(working|pending|running|queued|submitted|in[_ -]?progress|accepted)$/i;
const FAILED = /^(error|failed|failure)$/i;

/** First 300 characters, for protocol errors that quote what came back. */
const quote = (value: unknown, text: string) =>
  (text || JSON.stringify(value) || String(value)).slice(0, 300);

/** The server's own words in a failed envelope or task. */
function serverMessage(value: Record<string, unknown>): string {
  for (const key of ["error", "message", "error_message", "errorMessage", "reason", "detail"]) {
    const v = value[key];
    if (typeof v === "string" && v) return v;
    if (isObject(v) && typeof v.message === "string") return v.message;
  }
  return JSON.stringify(value).slice(0, 300);
}

/** A failed script or task: classified by the AWS error code its text starts with, else E_MCP_TOOL. */
export function scriptFailure(message: string): OpsError {
  const aws = classifyAwsText(message);
  if (aws)
    return new OpsError(aws.code, message, { retryable: aws.retryable, details: { aws_code: aws.awsCode } });
  return new OpsError("E_MCP_TOOL", `the script failed on the server: ${message}`);
}

function taskId(value: Record<string, unknown>): string | undefined {
  for (const key of ["task_id", "taskId", "task"]) {
    const v = value[key];
    if (typeof v === "string" && v) return v;
    if (isObject(v) && typeof v.id === "string") return v.id;
  }
  return undefined;
}

/**
 * Takes the envelope off a `run_script` (or `get_tasks`) answer. Accepted: the bare value;
 * `{status: "success", return_value}` (a JSON string return value is parsed); `{status: "error" |
 * "failed", …}` → a classified error with the server's message; a task id with a working status →
 * `{task}`. Anything else is the bare value, judged by `splitRegions`.
 */
export function unwrapEnvelope(value: unknown): Unwrapped {
  if (!isObject(value) || typeof value.status !== "string") return { value };
  const status = value.status;
  if (/^(success|succeeded|completed|complete|done|ok)$/i.test(status)) {
    if (!("return_value" in value) && !("result" in value)) return { value };
    const inner = "return_value" in value ? value.return_value : value.result;
    if (typeof inner === "string") {
      try {
        return { value: JSON.parse(inner) };
      } catch {
        return { value: inner };
      }
    }
    return { value: inner };
  }
  if (FAILED.test(status)) throw scriptFailure(serverMessage(value));
  const task = taskId(value);
  if (task && WORKING.test(status)) return { task };
  return { value };
}

/** A `get_tasks` answer: the task itself, a list holding it, or `{tasks: [...]}`. */
export function findTask(value: unknown, id: string): unknown {
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.tasks)
      ? value.tasks
      : undefined;
  if (!list) return value;
  const matches = (t: unknown) => isObject(t) && [t.task_id, t.taskId, t.id].includes(id);
  return list.find(matches) ?? list[0];
}

function toUnitData(v: Record<string, unknown>): UnitData {
  const nf = v.not_found;
  return {
    items: v.items as unknown[],
    truncated: v.truncated === true,
    ...(typeof v.next_token === "string" ? { next_token: v.next_token } : {}),
    ...(isObject(nf) && typeof nf.param === "string" && typeof nf.code === "string"
      ? {
          not_found: {
            param: nf.param,
            value: nf.value,
            code: nf.code,
            message: typeof nf.message === "string" ? nf.message : "",
          },
        }
      : {}),
  };
}

function regionError(entry: Record<string, unknown>): OpsError {
  const error = entry.error;
  const code = isObject(error) && typeof error.code === "string" ? error.code : "";
  const text = isObject(error) && typeof error.message === "string" ? error.message : String(error);
  const message = code && !text.includes(code) ? `${code}: ${text}` : text;
  // The template's structured code decides, never words of the message (it may echo arguments).
  const aws = code ? { ...classifyAwsCode(code), awsCode: code } : classifyAwsText(text);
  return new OpsError(aws?.code ?? "E_AWS_API", message, {
    retryable: aws?.retryable ?? false,
    ...(aws ? { details: { aws_code: aws.awsCode } } : {}),
  });
}

/**
 * Splits a script's value into one outcome per requested region: `{v: 2, regions: [{region, items,
 * truncated, next_token} | {region, error}]}` from our template, or a bare `{items}` for a
 * one-region script. A region missing from the answer is E_MCP_PROTOCOL; a value that is none of
 * these fails every region (an AWS error in its text is classified, else E_MCP_PROTOCOL quoting it).
 */
export function splitRegions(
  value: unknown,
  text: string,
  regions: string[],
): Map<string, UnitData | OpsError> {
  const out = new Map<string, UnitData | OpsError>();
  if (isObject(value) && Array.isArray(value.regions)) {
    const byRegion = new Map<string, Record<string, unknown>>();
    for (const entry of value.regions) {
      if (isObject(entry) && typeof entry.region === "string") byRegion.set(entry.region, entry);
    }
    for (const region of regions) {
      const entry = byRegion.get(region);
      if (entry && "error" in entry) out.set(region, regionError(entry));
      else if (entry && Array.isArray(entry.items)) out.set(region, toUnitData(entry));
      else
        out.set(
          region,
          new OpsError(
            "E_MCP_PROTOCOL",
            `the script answered no result for ${region}: ${quote(value, text)}`,
          ),
        );
    }
    return out;
  }
  if (isObject(value) && Array.isArray(value.items) && regions.length === 1) {
    out.set(regions[0]!, toUnitData(value));
    return out;
  }
  const message = isObject(value) && typeof value.error === "string" ? value.error : quote(value, text);
  const given = isObject(value) && typeof value.code === "string" ? value.code : undefined;
  const aws = given ? { ...classifyAwsCode(given), awsCode: given } : classifyAwsText(message);
  const error = aws
    ? new OpsError(aws.code, message, { retryable: aws.retryable, details: { aws_code: aws.awsCode } })
    : new OpsError("E_MCP_PROTOCOL", `the script returned an unexpected value: ${message.slice(0, 300)}`);
  for (const region of regions) out.set(region, error);
  return out;
}
