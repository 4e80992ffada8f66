import { exitCodeFor, OpsError, toOpsError } from "../errors.ts";
import { redactError, redactText } from "../redact.ts";
import { colorEnabled } from "./output.ts";

/** The one place a failed command is reported: code, message, hint; never a stack for user errors. */
export function printError(error: unknown, options: { debug?: boolean; json?: boolean } = {}): number {
  const opsError = toOpsError(error);
  const color = colorEnabled(process.stderr);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  if (options.json) {
    process.stderr.write(`${JSON.stringify({ error: redactError(opsError) })}\n`);
  } else {
    const lines = [`${red("error")} ${opsError.code}: ${redactText(opsError.message)}`];
    if (opsError.hint) lines.push(`  hint: ${redactText(opsError.hint)}`);
    if (
      options.debug &&
      opsError.code === "E_INTERNAL" &&
      opsError.cause instanceof Error &&
      opsError.cause.stack
    ) {
      lines.push(redactText(opsError.cause.stack));
    }
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  return exitCodeFor(opsError);
}

const ESC = String.fromCharCode(27);
export const stripAnsi = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");

/** citty reports usage mistakes with its own error class; map them to E_USAGE. */
export function fromCittyError(error: unknown, command?: string): OpsError | undefined {
  if (error instanceof Error && error.name === "CLIError") {
    return new OpsError("E_USAGE", stripAnsi(error.message), {
      hint: `see ops-agent ${command ? `${command} ` : ""}--help`,
    });
  }
  return undefined;
}
