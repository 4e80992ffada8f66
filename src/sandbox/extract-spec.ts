import { OpsError } from "../errors.ts";
import { TEMPLATE_PARTS } from "../plugins/script.ts";
import type { CallSpec } from "../plugins/spec.ts";

const [HEAD, TAIL] = TEMPLATE_PARTS;

/**
 * Reads the spec back from a generated script. Fails unless the code is exactly the template with one
 * well-formed literal, so a sandbox answering "our" scripts never interprets anything else.
 */
export function extractSpec(code: string): CallSpec {
  const body =
    code.startsWith(HEAD) && code.endsWith(TAIL) ? code.slice(HEAD.length, code.length - TAIL.length) : "";
  if (!/^"(?:[\x20-\x21\x23-\x5b\x5d-\x7e]|\\[\\"])*"$/.test(body)) {
    throw new OpsError("E_VALIDATION", "not an ops-agent tool script (template or literal does not match)");
  }
  const json = body.slice(1, -1).replace(/\\([\\"])/g, "$1");
  try {
    return JSON.parse(json) as CallSpec;
  } catch (cause) {
    throw new OpsError("E_VALIDATION", "the embedded tool spec is not valid JSON", { cause });
  }
}
