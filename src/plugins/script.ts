import type { CallSpec } from "./spec.ts";
import template from "./template.py" with { type: "text" };

/** The one place in the template where data goes: the JSON string literal parsed by `json.loads`. */
const MARK = '"__OPS_SPEC__"';
const [HEAD, TAIL] = splitTemplate(template);

/** The template around the spec literal (what `extractSpec` on the sandbox side checks a script against). */
export const TEMPLATE_PARTS: readonly [head: string, tail: string] = [HEAD, TAIL];

function splitTemplate(text: string): [string, string] {
  const at = text.indexOf(MARK);
  if (at < 0 || text.indexOf(MARK, at + 1) >= 0)
    throw new Error("template.py must contain the spec mark once");
  return [text.slice(0, at), text.slice(at + MARK.length)];
}

/** The fixed Python template (an async function body; see template.py). */
export const SCRIPT_TEMPLATE: string = template;

/**
 * Returns the `aws___run_script` code for one call: the fixed template with `spec` embedded as a
 * Python string literal holding JSON. The JSON is made pure ASCII (`\uXXXX` for everything else, so
 * U+2028/2029, NUL and emoji travel escaped), then `"` and `\` are escaped for Python: nothing in the
 * data can end the literal or reach the code around it.
 */
export function renderScript(spec: CallSpec): string {
  return HEAD + pythonLiteral(asciiJson(spec)) + TAIL;
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function pythonLiteral(ascii: string): string {
  return `"${ascii.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
