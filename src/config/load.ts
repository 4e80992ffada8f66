import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { OpsError } from "../errors.ts";
import { parseRegistry } from "./registry.ts";
import { defaultSettings, REGION_PATTERN, settingsSchema } from "./schema.ts";
import type { Account, AwsEnvironment, Config, Settings } from "./types.ts";
import { formatProblem, parseYamlSource, type SourceProblem, validateAgainst } from "./yaml-source.ts";

export type Env = Record<string, string | undefined>;

const REGION = new RegExp(REGION_PATTERN);

export interface LoadConfigOptions {
  /** `--config`; a missing explicit file is an error. */
  configPath?: string;
  env: Env;
  cwd: string;
}

/** Thrown with every problem found, not just the first. */
function configError(problems: SourceProblem[], what = "configuration"): OpsError {
  const lines = problems.map(formatProblem);
  return new OpsError("E_CONFIG", `invalid ${what}:\n  ${lines.join("\n  ")}`, { details: { problems } });
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new OpsError(
      "E_CONFIG",
      `${what} ${path}: ${code === "ENOENT" ? "file not found" : String(cause)}`,
      {
        cause,
      },
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function merge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override))
    return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = v === null ? undefined : merge(out[k], v);
  return out as T;
}

function pick(env: Env, ...names: string[]): string | undefined {
  for (const n of names) if (env[n]) return env[n];
  return undefined;
}

/** Reads AWS conventions from the environment once; nothing below the CLI reads env itself. */
export function readAwsEnvironment(env: Env): AwsEnvironment {
  const base = env.AWS_ENDPOINT_URL;
  return {
    profile: pick(env, "AWS_PROFILE", "AWS_DEFAULT_PROFILE"),
    endpoints: {
      sts: pick(env, "AWS_ENDPOINT_URL_STS") ?? base,
      sso: pick(env, "AWS_ENDPOINT_URL_SSO") ?? base,
      ssoOidc: pick(env, "AWS_ENDPOINT_URL_SSO_OIDC") ?? base,
      bedrockRuntime: pick(env, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME") ?? base,
    },
    home: pick(env, "HOME", "USERPROFILE") ?? "/",
    configFile: pick(env, "AWS_CONFIG_FILE"),
  };
}

function findSettingsFile(options: LoadConfigOptions): string | undefined {
  if (options.configPath) return resolve(options.cwd, options.configPath);
  if (options.env.OPS_AGENT_CONFIG) return resolve(options.cwd, options.env.OPS_AGENT_CONFIG);
  const local = join(options.cwd, "config", "ops-agent.yaml");
  return existsSync(local) ? local : undefined;
}

function loadSettings(file: string | undefined): Settings {
  if (!file) return structuredClone(defaultSettings);
  const source = parseYamlSource(readText(file, "settings file"), file);
  if (source.problems.length > 0) throw configError(source.problems);
  const value = source.value ?? {};
  const problems = validateAgainst(settingsSchema, value, source);
  if (problems.length > 0) throw configError(problems);
  return merge(structuredClone(defaultSettings), value);
}

function applyEnvOverrides(settings: Settings, env: Env): Settings {
  const region = pick(env, "AWS_REGION", "AWS_DEFAULT_REGION");
  if (region) settings.region = region;
  if (env.OPS_AGENT_MCP_ENDPOINT) settings.mcp.endpoint = env.OPS_AGENT_MCP_ENDPOINT;
  if (env.OPS_AGENT_MODEL_ID) settings.model.id = env.OPS_AGENT_MODEL_ID;
  if (!REGION.test(settings.region)) {
    throw new OpsError(
      "E_CONFIG",
      `region "${settings.region}" is not an AWS region name (from AWS_REGION/AWS_DEFAULT_REGION)`,
    );
  }
  return settings;
}

/** A path from the settings: as written when absolute, else relative to the settings file's directory. */
function fromBase(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** `ACCOUNT_REGISTRY` text, else `settings.accounts`, else the first accounts.yaml found; none is fine. */
function registrySource(
  settings: Settings,
  base: string,
  options: LoadConfigOptions,
): { text: string; file: string } | undefined {
  const inline = options.env.ACCOUNT_REGISTRY;
  if (inline) return { text: inline, file: "ACCOUNT_REGISTRY" };
  const file = settings.accounts
    ? fromBase(base, settings.accounts)
    : [join(base, "accounts.yaml"), join(options.cwd, "config", "accounts.yaml")].find((p) => existsSync(p));
  return file === undefined ? undefined : { text: readText(file, "account registry"), file };
}

function loadAccounts(source: { text: string; file: string } | undefined): Account[] {
  if (!source) return [];
  const { accounts, problems } = parseRegistry(source.text, source.file);
  if (problems.length > 0) throw configError(problems, "account registry");
  return accounts;
}

/** Reads settings and registry once at start; the result is passed down, never re-read. */
export function loadConfig(options: LoadConfigOptions): Config {
  const settingsFile = findSettingsFile(options);
  const settings = applyEnvOverrides(loadSettings(settingsFile), options.env);
  const base = settingsFile ? dirname(settingsFile) : options.cwd;
  settings.plugins = settings.plugins.map((dir) => fromBase(base, dir));
  const registry = registrySource(settings, base, options);
  return {
    settings,
    accounts: loadAccounts(registry),
    env: readAwsEnvironment(options.env),
    sources: { settings: settingsFile, accounts: registry?.file },
  };
}
