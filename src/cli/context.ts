import type { ArgsDef } from "citty";
import type { ConfigLayer } from "../config/layers.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { createLogger, isLogLevel, LOG_LEVELS, type LogFormat, type Logger, type LogLevel } from "../log.ts";
import type { Sandbox } from "../sandbox/index.ts";
import { parseSandboxProfile } from "../sandbox/mcp-profile.ts";
import { didYouMean } from "../suggest.ts";
import { readTelemetryConfig, type TelemetryConfig } from "../telemetry/config.ts";
import { startTelemetry, stopTelemetry } from "../telemetry/index.ts";
import { colorEnabled } from "./output.ts";

/** Flags every subcommand accepts (main.ts moves the ones given before the subcommand name after it). */
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
  "sandbox-profile": {
    type: "string",
    description:
      "fast|realistic: the sandbox's MCP endpoint as it is, or with the real server's quotas and latency (implies --sandbox)",
    valueHint: "profile",
  },
  "sandbox-accounts": {
    type: "string",
    description:
      "Simulate an organization of N accounts in OUs, found by Organizations discovery (implies --sandbox)",
    valueHint: "N",
  },
} as const satisfies ArgsDef;

export interface CliContext {
  /** The effective configuration: loaded once, frozen; `config.provenance` says where values came from. */
  config: Config;
  logger: Logger;
  /** The running sandbox (in-process STS and MCP endpoints) when `--sandbox` or OPS_AGENT_SANDBOX=1. */
  sandbox?: Sandbox;
  /**
   * A model was named (`--model` or OPS_AGENT_MODEL_ID). In sandbox mode this switches `ask`/`serve` from
   * the model-free planner to Bedrock, so a sandbox run never probes for AWS credentials on its own.
   */
  modelRequested: boolean;
  /** Process environment as read once at start. */
  env: Record<string, string | undefined>;
  /** Tracing as the OTEL_* variables ask for it (off by default); started here when on. */
  telemetry: TelemetryConfig;
  /** Stops the sandbox, if one runs, and flushes traces; the runtime's `close` calls it. Safe to call twice. */
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Log format when neither flag nor env says (serve: json when not a TTY). */
  defaultFormat?: LogFormat;
  defaultLevel?: LogLevel;
  /** Configuration values set by the subcommand's own flags (`ask --model`). */
  flags?: ConfigLayer[];
}

function flag<T extends string | boolean>(args: Record<string, unknown>, name: keyof typeof commonArgs) {
  return args[name] as T | undefined;
}

/** `--sandbox-accounts N` as a configuration layer (`sandbox.accounts`). */
function sandboxAccountsFlag(value: string | undefined): ConfigLayer[] {
  if (value === undefined) return [];
  const count = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1 && count <= 5000)) {
    throw new OpsError(
      "E_USAGE",
      `--sandbox-accounts must be a number of accounts from 1 to 5000 (got "${value}")`,
    );
  }
  return [{ source: "--sandbox-accounts", settings: { sandbox: { accounts: count } } }];
}

/** Reads flags, environment and configuration once; everything below gets them from here. */
export async function createCliContext(
  args: Record<string, unknown>,
  options: ContextOptions = {},
): Promise<CliContext> {
  const env = { ...process.env };
  const level = flag<string>(args, "log-level") ?? env.OPS_AGENT_LOG_LEVEL ?? options.defaultLevel ?? "warn";
  if (!isLogLevel(level)) {
    throw new OpsError(
      "E_USAGE",
      `--log-level must be one of ${LOG_LEVELS.join(", ")} (got "${level}")${didYouMean(level, LOG_LEVELS)}`,
    );
  }
  const format =
    flag<string>(args, "log-format") ?? env.OPS_AGENT_LOG_FORMAT ?? options.defaultFormat ?? "pretty";
  if (format !== "pretty" && format !== "json") {
    throw new OpsError(
      "E_USAGE",
      `--log-format must be pretty or json (got "${format}")${didYouMean(format, ["pretty", "json"])}`,
    );
  }
  const color = colorEnabled(process.stderr, env);
  const logger = createLogger({ level, format, color });
  const profileFlag = flag<string>(args, "sandbox-profile");
  const accountsFlag = flag<string>(args, "sandbox-accounts");
  const flags = [...(options.flags ?? []), ...sandboxAccountsFlag(accountsFlag)];
  if (profileFlag !== undefined) {
    const profile = parseSandboxProfile(profileFlag);
    flags.push({ source: "--sandbox-profile", settings: { sandbox: { profile } } });
  }
  const wantsSandbox =
    flag<boolean>(args, "sandbox") === true ||
    env.OPS_AGENT_SANDBOX === "1" ||
    profileFlag !== undefined ||
    accountsFlag !== undefined;
  const load = (overlays: ConfigLayer[] = []) =>
    loadConfig({ configPath: flag<string>(args, "config"), env, cwd: process.cwd(), flags, overlays });
  // Load once without the sandbox first: a broken settings file fails before any listener starts.
  let config = load();
  let sandbox: Sandbox | undefined;
  if (wantsSandbox) {
    const { startSandbox, sandboxProfile } = await import("../sandbox/index.ts");
    sandbox = await startSandbox({
      logger,
      profile: sandboxProfile(config.settings.sandbox.profile),
      organizationAccounts: config.settings.sandbox.accounts,
    });
    config = load([sandbox.overlay]);
  }
  const modelFlag = flags.some((layer) => layer.settings?.model?.id !== undefined);
  const telemetry = readTelemetryConfig(env);
  await startTelemetry(telemetry, logger);
  return {
    config,
    logger,
    sandbox,
    modelRequested: modelFlag || Boolean(env.OPS_AGENT_MODEL_ID),
    env,
    telemetry,
    close: async () => {
      const running = sandbox;
      sandbox = undefined;
      await running?.close();
      await stopTelemetry();
    },
  };
}
