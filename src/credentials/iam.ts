import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  STSClient,
  type STSClientConfig,
} from "@aws-sdk/client-sts";
import type { Account, AwsEnvironment, Settings } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { maskAccessKey } from "../redact.ts";
import { classifyStsError } from "./sts-errors.ts";
import type { AwsCredentials, CredentialProvider } from "./types.ts";

export interface IamProviderOptions {
  settings: Settings;
  env: AwsEnvironment;
  logger?: Logger;
  /**
   * Base (central account) credentials. Default: the AWS SDK default chain (environment, profile
   * `env.profile`, container endpoint, instance metadata). Tests pass static keys here.
   */
  baseCredentials?: STSClientConfig["credentials"];
  /** SDK attempts per AssumeRole call (default: the SDK's 3). */
  maxAttempts?: number;
}

const SESSION_NAME_MAX = 64;

/** `<prefix>-<accountId>` restricted to STS's `[\w+=,.@-]`, ≤ 64 characters, keeping the account id whole. */
export function roleSessionName(prefix: string, accountId: string): string {
  const clean = (s: string) => s.replace(/[^\w+=,.@-]/g, "_");
  const id = clean(accountId);
  const head = clean(prefix).slice(0, Math.max(0, SESSION_NAME_MAX - id.length - 1));
  return head ? `${head}-${id}` : id.padStart(2, "_");
}

export function roleArnFor(settings: Settings, account: Account, roleName?: string): string {
  const role = roleName ?? account.role_name ?? settings.auth.role_name;
  return `arn:${settings.auth.partition}:iam::${account.id}:role/${role}`;
}

/** IAM mode: base credentials from the default chain, then sts:AssumeRole into each member account. */
export function createIamProvider(options: IamProviderOptions): CredentialProvider {
  const { settings, env } = options;
  const logger = (options.logger ?? silentLogger).child({ provider: "iam" });
  // One client for every account: one connection pool, base credentials resolved once and cached by the SDK.
  const client = new STSClient({
    region: settings.region,
    ...(env.endpoints.sts ? { endpoint: env.endpoints.sts } : {}),
    ...(env.profile ? { profile: env.profile } : {}),
    ...(options.baseCredentials ? { credentials: options.baseCredentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });

  async function fetch(account: Account, roleName?: string, signal?: AbortSignal): Promise<AwsCredentials> {
    const roleArn = roleArnFor(settings, account, roleName);
    const sessionName = roleSessionName(settings.auth.session_name, account.id);
    const externalId = account.external_id ?? settings.auth.external_id;
    logger.debug("assuming role", { account_id: account.id, role_arn: roleArn, session: sessionName });
    let output: AssumeRoleCommandOutput;
    try {
      output = await client.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: settings.auth.duration_seconds,
          ...(externalId ? { ExternalId: externalId } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw classifyStsError(error, roleArn, env.profile);
    }
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new OpsError("E_ASSUME_ROLE", `STS returned no credentials for ${roleArn}`, {
        details: { role_arn: roleArn },
      });
    }
    logger.debug("assumed role", {
      account_id: account.id,
      role_arn: roleArn,
      access_key: maskAccessKey(c.AccessKeyId),
      expires_at: c.Expiration?.toISOString(),
    });
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
      accountId: account.id,
      source: "assume-role",
    };
  }

  return { name: "iam", fetch };
}
