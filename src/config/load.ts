import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { OpsError } from "../errors.ts";
import { type ConfigLayer, type DeepPartial, deepFreeze, mergeLayer, type Provenance } from "./layers.ts";
import { ALL_REGIONS, parseRegion, parseRegions } from "./regions.ts";
import { parseRegistry } from "./registry.ts";
import { defaultSettings } from "./schema.ts";
import type { Account, AwsEnvironment, Config, Settings } from "./types.ts";
import { settings as validateSettings } from "./validators.generated.ts";
import { formatProblem, parseYamlSource, type SourceProblem, validateAgainst } from "./yaml-source.ts";

export type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** `--config`; a missing explicit file is an error. */
  configPath?: string;
  env: Env;
  cwd: string;
  /** Command-line flags that set configuration values (`--model`), applied after the environment. */
  flags?: ConfigLayer[];
  /** Applied last: the sandbox's endpoints, auth mode and organization. */
  overlays?: ConfigLayer[];
}

/** Thrown with every problem found, not just the first. */
/** Every problem at once, in reading order: by file, then line and column. */
function configError(problems: SourceProblem[], what = "configuration"): OpsError {
  const sorted = [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
  const lines = sorted.map(formatProblem);
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
      organizations: pick(env, "AWS_ENDPOINT_URL_ORGANIZATIONS") ?? base,
    },
    home: pick(env, "HOME", "USERPROFILE") ?? "/",
    configFile: pick(env, "AWS_CONFIG_FILE"),
  };
}

/** Where the settings come from; `text` is set for `OPS_AGENT_SETTINGS` (the settings themselves, not a path). */
interface SettingsSource {
  file: string;
  text?: string;
}

/** `--config`, else `OPS_AGENT_CONFIG`, else `OPS_AGENT_SETTINGS` (AgentCore: no file in the image), else ./config/ops-agent.yaml. */
function findSettings(options: LoadConfigOptions): SettingsSource | undefined {
  if (options.configPath) return { file: resolve(options.cwd, options.configPath) };
  if (options.env.OPS_AGENT_CONFIG) return { file: resolve(options.cwd, options.env.OPS_AGENT_CONFIG) };
  if (options.env.OPS_AGENT_SETTINGS)
    return { file: "OPS_AGENT_SETTINGS", text: options.env.OPS_AGENT_SETTINGS };
  const local = join(options.cwd, "config", "ops-agent.yaml");
  return existsSync(local) ? { file: local } : undefined;
}

/** The settings file as a layer: validated against the schema, each key located at its line. */
function fileLayer(found: SettingsSource | undefined, base: string): ConfigLayer | undefined {
  if (!found) return undefined;
  const { file } = found;
  const source = parseYamlSource(found.text ?? readText(file, "settings file"), file);
  if (source.problems.length > 0) throw configError(source.problems);
  const value = (source.value ?? {}) as DeepPartial<Settings>;
  const problems = validateAgainst(validateSettings, value, source);
  if (problems.length > 0) throw configError(problems);
  if (value.plugins) value.plugins = value.plugins.map((dir) => fromBase(base, dir));
  return {
    source: file,
    settings: value,
    sourceOf: (path) => `${file}:${source.locate(path.split(".")).line}`,
  };
}

/** The environment variables that override settings (`AWS_REGION`, `OPS_AGENT_MCP_ENDPOINT`, `OPS_AGENT_MODEL_ID`). */
function envLayers(env: Env): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  const regionVar = ["AWS_REGION", "AWS_DEFAULT_REGION"].find((name) => env[name]);
  if (regionVar) layers.push({ source: `env ${regionVar}`, settings: { region: env[regionVar] } });
  if (env.OPS_AGENT_MCP_ENDPOINT) {
    layers.push({
      source: "env OPS_AGENT_MCP_ENDPOINT",
      settings: { mcp: { endpoint: env.OPS_AGENT_MCP_ENDPOINT } },
    });
  }
  if (env.OPS_AGENT_MODEL_ID) {
    layers.push({ source: "env OPS_AGENT_MODEL_ID", settings: { model: { id: env.OPS_AGENT_MODEL_ID } } });
  }
  return layers;
}

/**
 * Region names in canonical (lower-case) form, checked against the SDK's partition metadata; an
 * environment value the schema never saw fails here, naming where it came from.
 */
function normalizeRegions(settings: Settings, provenance: Provenance): Settings {
  const one = (key: string, value: string | undefined) =>
    value === undefined
      ? undefined
      : parseRegion(value, { code: "E_CONFIG", where: `${key} from ${provenance[key] ?? "the defaults"}` });
  const regions = settings.regions as string[] | string | undefined;
  return {
    ...settings,
    region: one("region", settings.region) ?? settings.region,
    regions:
      regions === undefined
        ? undefined
        : typeof regions === "string"
          ? [ALL_REGIONS]
          : parseRegions(regions, { code: "E_CONFIG", where: "regions" }),
    auth: {
      ...settings.auth,
      sso: { ...settings.auth.sso, region: one("auth.sso.region", settings.auth.sso.region) },
    },
    mcp: { ...settings.mcp, signing_region: one("mcp.signing_region", settings.mcp.signing_region) },
    model: { ...settings.model, region: one("model.region", settings.model.region) },
  };
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

/**
 * The effective configuration, built once: defaults ⊕ settings file ⊕ environment ⊕ flags ⊕
 * overlays (the sandbox), in that order. The result is frozen and passed down; nothing rewrites it.
 * `provenance` says where every non-default value came from (`doctor` prints it).
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const found = findSettings(options);
  const settingsFile = found?.file;
  // Relative paths in the settings: beside the file, or from the working directory for inline settings.
  const base = found && found.text === undefined ? dirname(found.file) : options.cwd;
  const layers = [
    fileLayer(found, base),
    ...envLayers(options.env),
    ...(options.flags ?? []),
    ...(options.overlays ?? []),
  ].filter((layer): layer is ConfigLayer => layer !== undefined);
  const provenance: Provenance = {};
  let settings = structuredClone(defaultSettings);
  let endpoints = readAwsEnvironment(options.env).endpoints;
  for (const layer of layers) {
    const record = (path: string) => {
      provenance[path] = layer.sourceOf?.(path) ?? layer.source;
    };
    settings = mergeLayer(settings, layer.settings, record);
    endpoints = mergeLayer(endpoints, layer.endpoints, (path) => record(`env.endpoints.${path}`));
  }
  settings = normalizeRegions(settings, provenance);
  const registry = registrySource(settings, base, options);
  let accounts = loadAccounts(registry);
  let accountsFrom = registry?.file;
  if (registry) provenance.accounts = registry.file;
  for (const layer of layers) {
    if (!layer.accounts) continue;
    accounts = layer.accounts;
    accountsFrom = layer.source;
    provenance.accounts = layer.source;
  }
  return deepFreeze({
    settings,
    accounts,
    env: { ...readAwsEnvironment(options.env), endpoints },
    sources: { settings: settingsFile, accounts: accountsFrom },
    provenance,
  });
}

/** The configuration with another account directory (registry ⊕ discovered accounts), frozen as well. */
export function withAccounts(config: Config, accounts: Account[]): Config {
  return deepFreeze({ ...config, accounts });
}
