import { defineCommand } from "citty";
import type { AgentAnswer, AgentEvent, AnswerStatus } from "../../agent/types.ts";
import { EXIT, OpsError, toOpsError } from "../../errors.ts";
import { type CliContext, commonArgs, createCliContext } from "../context.ts";
import { printError } from "../errors.ts";
import { withInterrupt } from "../interrupt.ts";
import { parseFormat, terminalWidth } from "../output.ts";
import { type Runtime, withRuntime } from "../runtime.ts";

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

export interface AskRequest {
  question: string;
  sessionId?: string;
  format: "text" | "json";
}

/** Where `ask` writes: the process streams, or buffers in tests. */
export interface AskIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout and stderr share a terminal: keep progress lines off the middle of a streamed line. */
  sameTerminal: boolean;
  /** Columns the answer's tables may use (the terminal's); none for a pipe. */
  width?: number;
}

const processIo = (): AskIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  sameTerminal: process.stdout.isTTY === true && process.stderr.isTTY === true,
  width: terminalWidth(process.stdout),
});

/** 0 only when every unit answered; 3 when some failed (as `call`); 2 for a refusal or a declined question. */
const EXIT_FOR_STATUS: Record<AnswerStatus, number> = {
  ok: EXIT.ok,
  partial: EXIT.partial,
  declined: EXIT.usage,
  refused: EXIT.usage,
};

const list = (values: string[]) => (values.length > 0 ? values.join(",") : "default");

/** The one stderr line per finished tool call: `9/9 ok`, `8/9 ok, 1 failed`, or `failed` (no unit ran). */
export function progressLine(event: Extract<AgentEvent, { type: "tool_end" }>): string {
  const { units, failed } = event;
  const status =
    units > 0
      ? `${units - failed}/${units} ok${failed > 0 ? `, ${failed} failed` : ""}`
      : event.ok
        ? "ok"
        : "failed";
  const seconds = (event.duration_ms / 1000).toFixed(1);
  return `▸ ${event.tool} accounts=${list(event.accounts)} regions=${list(event.regions)} ${status} ${seconds}s\n`;
}

/** Errors meaning no model is usable at all: point at the model-free path. */
function withCallHint(error: OpsError): OpsError {
  const unreachable =
    error.code === "E_MODEL_ACCESS" ||
    error.code === "E_NO_CREDENTIALS" ||
    error.details?.unreachable === true;
  if (!unreachable) return error;
  const hint = `${error.hint ? `${error.hint}; ` : ""}without a model, query directly: ops-agent call <tool> --accounts … (see ops-agent tools)`;
  return new OpsError(error.code, error.message, { cause: error.cause, hint, details: error.details });
}

/** Asks the runtime's agent one question; returns the exit code. Ctrl-C aborts in-flight calls (130). */
export async function runAsk(
  runtime: Pick<Runtime, "agent">,
  request: AskRequest,
  io: AskIo = processIo(),
): Promise<number> {
  return withInterrupt((signal) => answerAndPrint(runtime, request, io, signal));
}

async function answerAndPrint(
  runtime: Pick<Runtime, "agent">,
  request: AskRequest,
  io: AskIo,
  signal: AbortSignal,
): Promise<number> {
  let midLine = false;
  let printedText = false;
  let toolsSinceText = false;
  const onEvent = (event: AgentEvent) => {
    if (event.type === "text" && request.format === "text") {
      // Text the model wrote before a tool call and the text after it are separate paragraphs.
      if (toolsSinceText && printedText) io.stdout(midLine ? "\n\n" : "\n");
      io.stdout(event.delta);
      midLine = !event.delta.endsWith("\n");
      printedText = true;
      toolsSinceText = false;
    } else if (event.type === "tool_end") {
      toolsSinceText = true;
      if (midLine && io.sameTerminal) io.stderr("\n");
      midLine = midLine && !io.sameTerminal;
      io.stderr(progressLine(event));
    }
  };
  try {
    const agent = await runtime.agent();
    const answer: AgentAnswer = await agent.answer({
      prompt: request.question,
      sessionId: request.sessionId,
      signal,
      onEvent,
      collect: request.format === "json",
      ...(request.format === "text" && io.width ? { width: io.width } : {}),
    });
    if (request.format === "json") {
      const { tool_calls, tables, usage, duration_ms, session_id, model_id, iterations } = answer;
      const head = { answer: answer.answer, status: answer.status };
      const document = { ...head, tool_calls, tables, usage, duration_ms, session_id, model_id, iterations };
      io.stdout(`${JSON.stringify(document)}
`);
    } else if (midLine) io.stdout("\n");
    return EXIT_FOR_STATUS[answer.status];
  } catch (error) {
    if (midLine) io.stdout("\n");
    if (signal.aborted) {
      io.stderr("cancelled\n");
      return EXIT_INTERRUPTED;
    }
    return printError(withCallHint(toOpsError(error)), { json: request.format === "json" });
  }
}

/** `--session`: the conversation so far and its result tables (`<id>.sqlite` beside it), from disk. */
async function restoreSession(ctx: CliContext, sessionId: string) {
  const { createSessionMemory } = await import("../../agent/memory.ts");
  const { createResultSessions } = await import("../../results/sessions.ts");
  const { createSessionFiles } = await import("../session-files.ts");
  const files = createSessionFiles(ctx.env, ctx.logger);
  const { settings } = ctx.config;
  const results = createResultSessions({
    settings: settings.results,
    maxSessions: 1,
    fileFor: (id) => files.databasePath(id),
  });
  const memory = createSessionMemory(settings.model.memory);
  memory.restore(sessionId, files.read(sessionId));
  return {
    memory,
    results,
    save: () => {
      files.write(sessionId, memory.turns(sessionId));
      results.close();
    },
  };
}

export default defineCommand({
  meta: { name: "ask", description: "Ask a question; the answer streams as it arrives" },
  args: {
    ...commonArgs,
    question: { type: "positional", description: "The question, quoted", required: true },
    session: {
      type: "string",
      description: "Conversation id: continue it, and save it for the next ask (one-shot without)",
      valueHint: "id",
    },
    output: { type: "string", description: "text|json (json: one document at the end)", valueHint: "format" },
    model: {
      type: "string",
      description: "Bedrock model or inference profile id for this question",
      valueHint: "id",
    },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["text", "json"], "text");
    const question = String(args.question).trim();
    if (question === "") throw new OpsError("E_USAGE", "the question is empty");
    if (args.session !== undefined && !/^[\w.:-]{1,128}$/.test(args.session)) {
      throw new OpsError("E_USAGE", "--session must be 1-128 letters, digits, '.', ':', '_' or '-'");
    }
    const flags = args.model ? [{ source: "--model", settings: { model: { id: args.model } } }] : [];
    const ctx = await createCliContext(args, { flags });
    const session = args.session ? await restoreSession(ctx, args.session) : undefined;
    process.exitCode = await withRuntime(
      ctx,
      async (runtime) => {
        const code = await runAsk(runtime, { question, sessionId: args.session, format });
        session?.save();
        return code;
      },
      { memory: session?.memory, results: session?.results },
    );
  },
});
