#!/usr/bin/env bun
import {
  type ArgsDef,
  type CommandDef,
  defineCommand,
  parseArgs,
  renderUsage,
  runCommand,
  type SubCommandsDef,
} from "citty";
import { OpsError } from "../errors.ts";
import { closest } from "../suggest.ts";
import { VERSION } from "../version.ts";
import { commonArgs } from "./context.ts";
import { fromCittyError, printError, stripAnsi } from "./errors.ts";
import { colorEnabled } from "./output.ts";
import { checkFlags, subCommandIndex } from "./strict-args.ts";

/** Subcommands load lazily so `--help`, `--version` and `/ping` start fast. */
const subCommands = {
  accounts: () => import("./commands/accounts.ts").then((m) => m.default),
  tools: () => import("./commands/tools.ts").then((m) => m.default),
  call: () => import("./commands/call.ts").then((m) => m.default),
  ask: () => import("./commands/ask.ts").then((m) => m.default),
  serve: () => import("./commands/serve.ts").then((m) => m.default),
  mcp: () => import("./commands/mcp.ts").then((m) => m.default),
  "iam-policy": () => import("./commands/iam-policy.ts").then((m) => m.default),
  doctor: () => import("./commands/doctor.ts").then((m) => m.default),
  healthcheck: () => import("./commands/healthcheck.ts").then((m) => m.default),
  version: () => import("./commands/version.ts").then((m) => m.default),
} satisfies SubCommandsDef;

export const main = defineCommand({
  meta: {
    name: "ops-agent",
    version: VERSION,
    description: "Read-only operations agent for AWS Organizations",
  },
  args: commonArgs,
  subCommands,
});

/**
 * citty colours its usage text unconditionally; honour NO_COLOR and pipes. It also prints a long alias
 * with one dash (`-account, --accounts`), which it would then read as single-letter switches: show
 * `--account` (one padding space less, so the column stays aligned).
 */
async function showUsage(
  command: CommandDef,
  parent?: CommandDef,
  stream: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  const text = (await renderUsage(command, parent)).replace(/ ([^\s-]*)-([a-z][\w-]+)(?=, --)/g, "$1--$2");
  stream.write(`${colorEnabled(stream) ? text : stripAnsi(text)}\n`);
}

const isSubCommand = (arg: string | undefined): arg is keyof typeof subCommands =>
  arg !== undefined && Object.hasOwn(subCommands, arg);

/** Stacks of internal errors are shown only at debug/trace level, wherever --log-level was given. */
function wantsStack(rawArgs: string[]): boolean {
  const level = parseArgs(rawArgs, commonArgs)["log-level"] ?? process.env.OPS_AGENT_LOG_LEVEL;
  return level === "debug" || level === "trace";
}

async function resolveSubCommand(rawArgs: string[]): Promise<[CommandDef, CommandDef?]> {
  const name = rawArgs[subCommandIndex(rawArgs, commonArgs)];
  return isSubCommand(name)
    ? [(await subCommands[name]()) as CommandDef, main as CommandDef]
    : [main as CommandDef];
}

/**
 * What citty would let through silently: an unknown command, an unknown or misspelled flag before
 * or after it. One line each, with the nearest spelling.
 */
async function checkCommandLine(rawArgs: string[]): Promise<void> {
  const index = subCommandIndex(rawArgs, commonArgs);
  checkFlags(index < 0 ? rawArgs : rawArgs.slice(0, index), commonArgs, "ops-agent");
  if (index < 0) return;
  const name = rawArgs[index]!;
  if (!isSubCommand(name)) {
    const near = closest(name, Object.keys(subCommands));
    throw new OpsError(
      "E_USAGE",
      `unknown command "${name}"${near ? ` (did you mean "ops-agent ${near}"?)` : ""}`,
      {
        hint: "ops-agent --help lists the commands",
      },
    );
  }
  const command = (await subCommands[name]()) as CommandDef;
  checkFlags(rawArgs.slice(index + 1), ((await command.args) ?? {}) as ArgsDef, name);
}

/**
 * `ops-agent --sandbox call …` → `ops-agent call --sandbox …`: citty hands a subcommand only the
 * arguments after its name, and every subcommand declares the common flags, so moving them is all
 * it takes (no module-level state).
 */
function withGlobalsAfterSubCommand(rawArgs: string[]): string[] {
  const at = subCommandIndex(rawArgs, commonArgs);
  if (at <= 0) return rawArgs;
  return [rawArgs[at] as string, ...rawArgs.slice(0, at), ...rawArgs.slice(at + 1)];
}

export async function run(rawArgs: string[]): Promise<number> {
  if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (rawArgs.length === 0 || rawArgs.includes("--help") || rawArgs.includes("-h")) {
    await showUsage(...(await resolveSubCommand(rawArgs)));
    return 0;
  }
  try {
    await checkCommandLine(rawArgs);
    await runCommand(main, { rawArgs: withGlobalsAfterSubCommand(rawArgs) });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    const named = rawArgs[subCommandIndex(rawArgs, commonArgs)];
    const usage = fromCittyError(error, named);
    if (usage && named === undefined) {
      // No command at all: the list of commands is the useful answer.
      await showUsage(main as CommandDef, undefined, process.stderr);
    }
    return printError(usage ?? error, { debug: wantsStack(rawArgs) });
  }
}

/**
 * The reader of our stdout went away (`ops-agent call … | head -1`): stop quietly with the status a
 * shell reports for a process SIGPIPE ended (128 + 13), as coreutils do, instead of a stack trace.
 */
function exitOnBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
  process.exit(141);
}

if (import.meta.main) {
  process.stdout.on("error", exitOnBrokenPipe);
  // The compiled binary is also the process `query_results` runs SQL in (src/results/query.ts).
  if (process.argv[2] === "__query-results") {
    import("../results/query-child.ts").then((m) => m.runQueryChild());
  } else {
    run(process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    });
  }
}
