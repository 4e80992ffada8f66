import type { ArgsDef } from "citty";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { createLogger, isLogLevel, LOG_LEVELS, type LogFormat, type Logger, type LogLevel } from "../log.ts";
import { colorEnabled } from "./output.ts";

/** Flags every subcommand accepts (before or after the subcommand name). */
export const commonArgs = {
  config: {
    type: "string",
    description: "Settings file (default: $OPS_AGENT_CONFIG, else ./config/ops-agent.yaml)",
    valueHint: "path",
  },
  "log-level": { type: "string", description: "silent|error|warn|info|debug", valueHint: "level" },
  "log-format": {
    type: "string",
    description: "pretty|json (serve: json by default when stdout is not a terminal)",
    valueHint: "format",
  },
  sandbox: { type: "boolean", description: "Use the built-in sandbox organization (no AWS account needed)" },
} as const satisfies ArgsDef;

export interface CliContext {
  config: Config;
  logger: Logger;
  sandbox: boolean;
  /**
   * A model was named (`--model` or OPS_AGENT_MODEL_ID). In sandbox mode this switches `ask`/`serve` from
   * the model-free planner to Bedrock, so a sandbox run never probes for AWS credentials on its own.
   */
  modelRequested: boolean;
  /** Process environment as read once at start. */
  env: Record<string, string | undefined>;
}

/** Flags given before the subcommand name; main.ts records them so subcommands see them too. */
let rootFlags: Partial<Record<keyof typeof commonArgs, string | boolean>> = {};
export function setRootFlags(flags: typeof rootFlags): void {
  rootFlags = flags;
}

function flag<T extends string | boolean>(
  args: Record<string, unknown>,
  name: keyof typeof commonArgs,
): T | undefined {
  return (args[name] ?? rootFlags[name]) as T | undefined;
}

export interface ContextOptions {
  /** Log format when neither flag nor env says (serve: json when not a TTY). */
  defaultFormat?: LogFormat;
  defaultLevel?: LogLevel;
}

/** Reads flags, environment and configuration once; everything below gets them from here. */
export async function createCliContext(
  args: Record<string, unknown>,
  options: ContextOptions = {},
): Promise<CliContext> {
  const env = { ...process.env };
  const level = flag<string>(args, "log-level") ?? env.OPS_AGENT_LOG_LEVEL ?? options.defaultLevel ?? "warn";
  if (!isLogLevel(level)) {
    throw new OpsError("E_USAGE", `--log-level must be one of ${LOG_LEVELS.join(", ")} (got "${level}")`);
  }
  const format =
    flag<string>(args, "log-format") ?? env.OPS_AGENT_LOG_FORMAT ?? options.defaultFormat ?? "pretty";
  if (format !== "pretty" && format !== "json") {
    throw new OpsError("E_USAGE", `--log-format must be pretty or json (got "${format}")`);
  }
  const color = colorEnabled(process.stderr, env);
  const logger = createLogger({ level, format, color });
  const sandbox = flag<boolean>(args, "sandbox") === true || env.OPS_AGENT_SANDBOX === "1";
  const config = loadConfig({ configPath: flag<string>(args, "config"), env, cwd: process.cwd() });
  if (sandbox) config.accounts = (await import("../sandbox/org.ts")).sandboxAccounts();
  return {
    config,
    logger,
    sandbox,
    modelRequested: Boolean(env.OPS_AGENT_MODEL_ID),
    env,
  };
}
