import { defineCommand } from "citty";
import { defaultSettings } from "../../config/schema.ts";
import type { ResultsSettings } from "../../config/types.ts";
import { EXIT, OpsError } from "../../errors.ts";
import { coerceArgPairs } from "../../tools/args.ts";
import type { CallResult, Executor } from "../../tools/types.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { withInterrupt } from "../interrupt.ts";
import { type OutputFormat, parseFormat, renderJson, renderYaml, terminalWidth } from "../output.ts";
import { withRuntime } from "../runtime.ts";
import { createProgress, renderCallCsv, renderCallTable } from "./call-output.ts";

/** `ops-agent call` after flag parsing. */
export interface CallCommand {
  tool: string;
  /** From `--args` JSON; `--arg` pairs are coerced later, by the tool's schema. */
  jsonArgs: Record<string, unknown>;
  pairs: string[];
  /** `--accounts` / `--regions` as given (comma-separated); the executor parses them. */
  accounts?: string;
  regions?: string;
  format: OutputFormat;
  concurrency?: number;
  noCache: boolean;
  /** `--sql`: one SELECT over tables `result` and `units`; its rows are printed instead of the items. */
  sql?: string;
  /** `--db FILE`: the tables are also written to this SQLite file. */
  db?: string;
}

export interface CallIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines only on a terminal. */
  progress: boolean;
  /** Columns the table may use (the terminal's); none for a pipe. */
  width?: number;
}

/** citty keeps only the last of a repeated flag; `--arg` may repeat, so read them from the raw argv. */
function argPairs(rawArgs: string[]): string[] {
  const pairs: string[] = [];
  rawArgs.forEach((arg, i) => {
    if (arg === "--arg") {
      const next = rawArgs[i + 1];
      if (next === undefined || next.startsWith("--")) throw new OpsError("E_USAGE", "--arg needs key=value");
      pairs.push(next);
    } else if (arg.startsWith("--arg=")) pairs.push(arg.slice(6));
  });
  return pairs;
}

function parseJsonArgs(text: unknown): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  try {
    const value = JSON.parse(String(text));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new OpsError("E_USAGE", `--args must be a JSON object (got ${String(text)})`);
}

function parseConcurrency(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 512) {
    throw new OpsError("E_USAGE", `--concurrency must be an integer from 1 to 512 (got "${String(value)}")`);
  }
  return n;
}

/** Checks every flag before anything is loaded or contacted. */
export function parseCallCommand(args: Record<string, unknown>, rawArgs: string[]): CallCommand {
  return {
    tool: String(args.tool),
    format: parseFormat(args.output, ["table", "json", "yaml", "csv"], "table"),
    concurrency: parseConcurrency(args.concurrency),
    jsonArgs: parseJsonArgs(args.args),
    pairs: argPairs(rawArgs),
    accounts: typeof args.accounts === "string" ? someNames(args.accounts, "--accounts") : undefined,
    regions: typeof args.regions === "string" ? someNames(args.regions, "--regions") : undefined,
    noCache: args.cache === false,
    ...(typeof args.sql === "string" ? { sql: nonEmpty(args.sql, "--sql") } : {}),
    ...(typeof args.db === "string" ? { db: nonEmpty(args.db, "--db") } : {}),
  };
}

/**
 * `--accounts` / `--regions` given but naming nothing (`--accounts "$UNSET"`) is a usage error, not
 * the default: the default of `--accounts` is every workload account.
 */
function someNames(value: string, flag: string): string {
  if (value.split(",").every((v) => v.trim() === "")) {
    throw new OpsError(
      "E_USAGE",
      `${flag} names nothing (got "${value}"); leave the flag out for the default`,
    );
  }
  return value;
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === "") throw new OpsError("E_USAGE", `${flag} needs a value`);
  return value;
}

/** Runs the tool and prints the result; returns the exit code (0 all ok, 3 some units failed). */
export async function runCall(
  executor: Executor,
  command: CallCommand,
  io: CallIo,
  signal?: AbortSignal,
  results: ResultsSettings = defaultSettings.results,
): Promise<number> {
  const spec = executor.specs().find((s) => s.name === command.tool);
  const args = { ...command.jsonArgs, ...(spec ? coerceArgPairs(command.pairs, spec.inputSchema) : {}) };
  // The flags win over `accounts`/`regions` inside --args.
  const input = {
    ...args,
    ...(command.accounts !== undefined ? { accounts: command.accounts } : {}),
    ...(command.regions !== undefined ? { regions: command.regions } : {}),
  };
  const result = await executor.invoke(command.tool, input, {
    noCache: command.noCache,
    concurrency: command.concurrency,
    signal,
    onUnit: io.progress ? createProgress(io.stderr) : undefined,
  });
  const partial = result.status === "ok" ? EXIT.ok : EXIT.partial;
  if (command.sql || command.db) {
    const { runCallSql } = await import("./call-sql.ts");
    const out = await runCallSql(result, {
      sql: command.sql,
      db: command.db,
      format: command.format,
      settings: results,
    });
    for (const line of out.stderr) io.stderr(`${line}\n`);
    if (out.stdout !== undefined) {
      io.stdout(`${out.stdout}\n`);
      return partial;
    }
  }
  const table = (call: CallResult) => renderCallTable(call, { width: io.width });
  const text = { json: renderJson, yaml: renderYaml, csv: renderCallCsv, table }[command.format](result);
  io.stdout(`${text}\n`);
  if (command.format === "csv") {
    for (const r of result.results.filter((u) => !u.ok)) {
      io.stderr(`error ${r.account_name} ${r.region} ${r.error?.code}: ${r.error?.message}\n`);
    }
  }
  return partial;
}

export default defineCommand({
  meta: { name: "call", description: "Run one tool over accounts and regions, without the model" },
  args: {
    ...commonArgs,
    tool: { type: "positional", description: "Tool name (see ops-agent tools)", required: true },
    accounts: {
      type: "string",
      alias: ["account"],
      description: "all, ids, names, aliases, env:<environment> (comma-separated)",
    },
    regions: {
      type: "string",
      alias: ["region"],
      description: "Regions, comma-separated (default: each account's regions; --region is the same)",
    },
    arg: { type: "string", description: "Tool argument key=value (repeatable; lists are comma-separated)" },
    args: {
      type: "string",
      description: "Tool arguments as a JSON object (--arg wins per key)",
      valueHint: "json",
    },
    output: { type: "string", description: "table|json|yaml|csv", valueHint: "format" },
    concurrency: { type: "string", description: "Units run at once (default: executor.concurrency)" },
    sql: {
      type: "string",
      description:
        'One SELECT over the call\'s tables result and units, e.g. "SELECT account_name, count(*) FROM result GROUP BY 1"',
      valueHint: "select",
    },
    db: {
      type: "string",
      description: "Also write the tables result and units to this SQLite file",
      valueHint: "file",
    },
    cache: {
      type: "boolean",
      default: true,
      description: "Reuse recent identical results (--no-cache to bypass)",
    },
  },
  async run({ args, rawArgs }) {
    const io: CallIo = {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      progress: process.stderr.isTTY === true,
      width: terminalWidth(),
    };
    process.exitCode = await withInterrupt(async (signal) => {
      const command = parseCallCommand(args, rawArgs);
      const ctx = await createCliContext(args);
      return withRuntime(ctx, (runtime) =>
        runCall(runtime.executor, command, io, signal, runtime.config.settings.results),
      );
    });
  },
});
