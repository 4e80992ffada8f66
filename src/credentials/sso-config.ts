import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsEnvironment, Settings } from "../config/types.ts";
import { OpsError } from "../errors.ts";

/** Where the IAM Identity Center token comes from and how the user refreshes it. */
export interface SsoTarget {
  /** `[sso-session NAME]`, when the configuration uses one. */
  session?: string;
  /** Portal start URL (used to match cache files when the named file is absent). */
  startUrl?: string;
  /** Region of the Identity Center portal. */
  region: string;
  /** What names the cache file: the sso-session name, else the start URL (as the AWS CLI does). */
  cacheKey: string;
  /** The exact command that logs in again. */
  loginCommand: string;
  /** Human label for messages: `sso-session X` or `profile p`. */
  label: string;
}

type Sections = Map<string, Record<string, string>>;

/** The subset of the AWS config INI we need: `[name]` headers and `key = value` lines. */
function parseAwsConfig(text: string): Sections {
  const sections: Sections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s/.test(raw)) continue; // nested values (s3 =\n  max_concurrent_requests = …)
    const line = raw.replace(/\s[#;].*$/, "").trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = line.match(/^\[\s*(.+?)\s*\]$/);
    if (header?.[1]) {
      current = {};
      sections.set(header[1].replace(/\s+/g, " "), current);
      continue;
    }
    const eq = line.indexOf("=");
    if (current && eq > 0) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

const profileSection = (sections: Sections, name: string) =>
  sections.get(`profile ${name}`) ?? (name === "default" ? sections.get("default") : undefined);

/** Picks the SSO settings: explicit session → profile → start URL → the file's only/first SSO entry. */
export function resolveSsoTarget(
  settings: Settings,
  env: AwsEnvironment,
  configText: string,
  file: string,
): SsoTarget {
  const sso = settings.auth.sso;
  const sections = parseAwsConfig(configText);
  const regionOf = (section?: Record<string, string>) => sso.region ?? section?.sso_region ?? settings.region;
  const fromSession = (name: string, login = `aws sso login --sso-session ${name}`): SsoTarget => {
    const section = sections.get(`sso-session ${name}`);
    // Without the section the token file is still found by name; only the directory scan needs the URL.
    const startUrl = section?.sso_start_url ?? sso.start_url;
    return {
      session: name,
      startUrl,
      region: regionOf(section),
      cacheKey: name,
      loginCommand: login,
      label: `sso-session ${name}`,
    };
  };
  const fromProfile = (name: string): SsoTarget | undefined => {
    const section = profileSection(sections, name);
    const login = `aws sso login --profile ${name}`;
    const label = `profile ${name}`;
    if (section?.sso_session) return { ...fromSession(section.sso_session, login), label };
    const url = section?.sso_start_url;
    if (!url) return undefined;
    return { startUrl: url, region: regionOf(section), cacheKey: url, loginCommand: login, label };
  };

  if (sso.session) return fromSession(sso.session);
  if (sso.profile) {
    const target = fromProfile(sso.profile);
    if (!target)
      throw new OpsError("E_SSO", `profile "${sso.profile}" in ${file} has no sso_session or sso_start_url`);
    return target;
  }
  const envTarget = env.profile ? fromProfile(env.profile) : undefined;
  if (envTarget) return envTarget;
  const sessions = [...sections.keys()].filter((k) => k.startsWith("sso-session ")).map((k) => k.slice(12));
  const profiles = [...sections.keys()].filter((k) => k.startsWith("profile ")).map((k) => k.slice(8));
  if (sso.start_url) {
    const session = sessions.find((s) => sections.get(`sso-session ${s}`)?.sso_start_url === sso.start_url);
    if (session) return fromSession(session);
    const profile = profiles.find((p) => profileSection(sections, p)?.sso_start_url === sso.start_url);
    if (profile) return fromProfile(profile)!;
    return {
      startUrl: sso.start_url,
      region: regionOf(),
      cacheKey: sso.start_url,
      loginCommand: "aws configure sso",
      label: sso.start_url,
    };
  }
  if (sessions[0]) return fromSession(sessions[0]);
  const legacy = profiles.find((p) => profileSection(sections, p)?.sso_start_url);
  if (legacy) return fromProfile(legacy)!;
  throw new OpsError(
    "E_SSO",
    `no IAM Identity Center configuration in ${file} (no [sso-session] section or sso_start_url profile)`,
    {
      hint: "Run `aws configure sso`, or set auth.sso.session / auth.sso.start_url.",
    },
  );
}

/** Path of the AWS config file: settings, then AWS_CONFIG_FILE, then ~/.aws/config. */
function awsConfigPath(settings: Settings, env: AwsEnvironment): string {
  return settings.auth.sso.config_file ?? env.configFile ?? join(env.home, ".aws", "config");
}

/** Path of the SSO token cache (the AWS CLI writes it). */
export function ssoCacheDir(settings: Settings, env: AwsEnvironment): string {
  return settings.auth.sso.cache_dir ?? join(env.home, ".aws", "sso", "cache");
}

/** The AWS config file's path and text (absent = empty). */
export function readAwsConfig(settings: Settings, env: AwsEnvironment): { file: string; text: string } {
  const file = awsConfigPath(settings, env);
  return { file, text: existsSync(file) ? readFileSync(file, "utf8") : "" };
}

/** Reads the config file and resolves the SSO target. */
export function loadSsoTarget(settings: Settings, env: AwsEnvironment): SsoTarget {
  const { file, text } = readAwsConfig(settings, env);
  return resolveSsoTarget(settings, env, text, file);
}

/** True when the profile signs in through Identity Center (sso_session or sso_start_url). */
export function profileUsesSso(configText: string, profile: string): boolean {
  const section = profileSection(parseAwsConfig(configText), profile);
  return Boolean(section?.sso_session || section?.sso_start_url);
}
