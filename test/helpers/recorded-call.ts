import { splitInput } from "../../src/tools/args.ts";
import type { InvokeOptions } from "../../src/tools/types.ts";

/** One `executor.invoke` as a fake executor records it: the input split by the real rule. */
export interface RecordedCall {
  tool: string;
  args: Record<string, unknown>;
  accounts?: string[];
  regions?: string[];
  signal?: AbortSignal;
  noCache?: boolean;
}

/** Splits `rawInput` exactly as the executor does (throws the same E_VALIDATION on bad selectors). */
export function recordCall(tool: string, rawInput: unknown, options: InvokeOptions = {}): RecordedCall {
  return { tool, ...splitInput(rawInput), signal: options.signal, noCache: options.noCache };
}
