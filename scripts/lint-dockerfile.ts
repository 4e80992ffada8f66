/**
 * Lints a Dockerfile without a Docker engine: the `dockerfile-utils` validator (the one behind the VS Code
 * Docker extension) with every optional rule raised to an error, plus a few hadolint-style rules that
 * matter for this image (pinned bases, exec-form entrypoints, numeric non-root USER, no baked AWS keys).
 *   bun run scripts/lint-dockerfile.ts [Dockerfile]   -> prints problems, exits 1 if any
 */
import { readFileSync } from "node:fs";
import { ValidationSeverity, validate } from "dockerfile-utils";

export type Instruction = { keyword: string; args: string; line: number };
export type Stage = { from: Instruction; name?: string; instructions: Instruction[] };
export type LintProblem = { line: number; rule: string; message: string };

/** Splits a Dockerfile into instructions (continuations joined, comments and directives dropped). */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: { start: number; parts: string[] } | undefined;
  const flush = (current: { start: number; parts: string[] }) => {
    const [keyword = "", ...rest] = current.parts.filter(Boolean).join(" ").split(/\s+/);
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), line: current.start });
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#") || (pending === undefined && trimmed === "")) return;
    const current = pending ?? { start: index + 1, parts: [] };
    const continued = trimmed.endsWith("\\");
    current.parts.push(continued ? trimmed.slice(0, -1).trim() : trimmed);
    pending = continued ? current : undefined;
    if (!continued) flush(current);
  });
  if (pending) flush(pending); // a continuation on the last line
  return out;
}

/** Groups instructions by build stage (each FROM starts one). */
export function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const name = /\sAS\s+(\S+)\s*$/i.exec(instruction.args)?.[1];
      stages.push({ from: instruction, ...(name ? { name } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The image reference of a FROM (flags and `AS name` removed). */
export function fromImage(from: Instruction): string {
  return from.args.split(/\s+/).filter((word) => !word.startsWith("--"))[0]!;
}

/** JSON (exec) form arguments, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  const body = args.replace(/^(--\S+\s+)*/, "").replace(/^CMD\s+/i, "");
  if (!body.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const AWS_SECRET_NAMES = /\b(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)\b/;
const AWS_KEY_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

function ruleProblems(stages: Stage[]): LintProblem[] {
  const problems: LintProblem[] = [];
  const add = (line: number, rule: string, message: string) => problems.push({ line, rule, message });
  const stageNames = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
  for (const stage of stages) {
    const image = fromImage(stage.from);
    if (!stageNames.has(image) && image !== "scratch") {
      if (!/[:@]/.test(image.split("/").at(-1) ?? "")) add(stage.from.line, "DL3006", `pin a tag: ${image}`);
      if (/:latest$/.test(image)) add(stage.from.line, "DL3007", `do not use :latest: ${image}`);
    }
    for (const i of stage.instructions) {
      if (i.keyword === "ADD") add(i.line, "DL3020", "use COPY instead of ADD");
      if ((i.keyword === "ENTRYPOINT" || i.keyword === "CMD") && !execForm(i.args))
        add(i.line, "DL3025", `${i.keyword} must use the JSON (exec) form`);
      if (
        (i.keyword === "ENV" || i.keyword === "ARG") &&
        (AWS_SECRET_NAMES.test(i.args) || AWS_KEY_VALUE.test(i.args))
      )
        add(i.line, "SECRET", "AWS credentials must never be baked into an image");
      if (i.keyword === "RUN" && /\bsudo\b/.test(i.args)) add(i.line, "DL3004", "do not use sudo");
    }
  }
  const final = stages.at(-1);
  const user = final?.instructions.filter((i) => i.keyword === "USER").at(-1);
  if (!final) add(1, "NO-STAGE", "no FROM instruction");
  else if (!user) add(final.from.line, "DL3002", "the final stage must set a non-root USER");
  else if (!/^[1-9]\d*(:\d+)?$/.test(user.args))
    add(user.line, "NUMERIC-USER", `USER must be a numeric non-root uid (AgentCore): ${user.args}`);
  return problems;
}

/** All problems of a Dockerfile, sorted by line. */
export function lintDockerfile(text: string): LintProblem[] {
  const E = ValidationSeverity.ERROR;
  const diagnostics = validate(text, {
    deprecatedMaintainer: E,
    directiveCasing: E,
    emptyContinuationLine: E,
    instructionCasing: E,
    instructionCmdMultiple: E,
    instructionEntrypointMultiple: E,
    instructionHealthcheckMultiple: E,
    instructionJSONInSingleQuotes: E,
    instructionWorkdirRelative: E,
  });
  const fromUtils = diagnostics.map((d) => ({
    line: d.range.start.line + 1,
    rule: `dockerfile-utils:${d.code ?? "?"}`,
    message: typeof d.message === "string" ? d.message : d.message.value,
  }));
  return [...fromUtils, ...ruleProblems(splitStages(parseDockerfile(text)))].sort((a, b) => a.line - b.line);
}

if (import.meta.main) {
  const file = process.argv[2] ?? "Dockerfile";
  const problems = lintDockerfile(readFileSync(file, "utf8"));
  for (const p of problems) console.error(`${file}:${p.line}: [${p.rule}] ${p.message}`);
  console.log(problems.length === 0 ? `${file}: no problems` : `${file}: ${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
