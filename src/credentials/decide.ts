import type { AwsEnvironment, Settings } from "../config/types.ts";
import { toOpsError } from "../errors.ts";
import { profileUsesSso, readAwsConfig, resolveSsoTarget, ssoCacheDir } from "./sso-config.ts";
import { readSsoToken } from "./sso-token.ts";
import type { AuthDecision } from "./types.ts";

export interface DecideAuthOptions {
  settings: Settings;
  env: AwsEnvironment;
  /** Clock in epoch ms (token expiry). */
  now?: () => number;
}

/**
 * Chooses the credential mode once at start. An explicit `auth.mode` always wins; `auto` picks SSO
 * when a valid Identity Center token is cached (and AWS_PROFILE, if set, is an SSO profile), else IAM. Reads only the AWS config and SSO cache files.
 */
export function decideAuth(options: DecideAuthOptions): AuthDecision {
  const { settings, env } = options;
  const mode = settings.auth.mode;
  if (mode !== "auto") return { mode, reason: `auth.mode is "${mode}" in the settings` };
  const { file, text } = readAwsConfig(settings, env);
  const sso = settings.auth.sso;
  // AWS_PROFILE naming a non-SSO profile is a choice of base credentials for IAM mode.
  if (env.profile && !sso.session && !sso.profile && !profileUsesSso(text, env.profile)) {
    return { mode: "iam", reason: `auto: AWS_PROFILE "${env.profile}" has no SSO settings in ${file}` };
  }
  try {
    const target = resolveSsoTarget(settings, env, text, file);
    const token = readSsoToken(ssoCacheDir(settings, env), target, (options.now ?? Date.now)());
    return {
      mode: "sso",
      reason: `auto: valid IAM Identity Center token for ${target.label} (expires ${token.expiresAt.toISOString()})`,
    };
  } catch (error) {
    return { mode: "iam", reason: `auto: no valid IAM Identity Center token (${toOpsError(error).message})` };
  }
}
