import { OrganizationsClient, type OrganizationsClientConfig } from "@aws-sdk/client-organizations";
import type { AwsEnvironment, Settings } from "../config/types.ts";

export interface OrgClientOptions {
  settings: Settings;
  env: AwsEnvironment;
  /** The central account's credentials; default: the SDK default chain (profile `env.profile`). */
  credentials?: OrganizationsClientConfig["credentials"];
}

/**
 * The Organizations client, with the AWS endpoint conventions every client of ours honours
 * (`AWS_ENDPOINT_URL_ORGANIZATIONS`, then `AWS_ENDPOINT_URL`). The SDK's standard retry backs off on
 * TooManyRequestsException; discovery paces itself on top of that.
 */
export function createOrgClient(options: OrgClientOptions): OrganizationsClient {
  const { settings, env } = options;
  return new OrganizationsClient({
    region: settings.region,
    maxAttempts: 6,
    ...(env.endpoints.organizations ? { endpoint: env.endpoints.organizations } : {}),
    ...(env.profile && !options.credentials ? { profile: env.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}
