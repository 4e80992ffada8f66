import { STSClient } from "@aws-sdk/client-sts";
import { createSigner } from "../credentials/sign.ts";
import type { ExportSigner } from "./exporter.ts";

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface XraySignerOptions {
  service: string;
  region: string;
  /** The runtime's own credentials; default: the AWS SDK default chain (env, profile, container, IMDS/MMDS). */
  credentials?: () => Promise<Credentials>;
}

/**
 * SigV4 for the X-Ray OTLP endpoint (`https://xray.<region>.amazonaws.com/v1/traces`, service `xray`),
 * as AgentCore's observability expects: signed with the runtime role's credentials from the default
 * chain, resolved and refreshed by the AWS SDK (an STS client's provider, never an STS call of its own).
 */
export function createXraySigner(options: XraySignerOptions): ExportSigner {
  const credentials =
    options.credentials ??
    (() => {
      const provider = new STSClient({ region: options.region }).config.credentials;
      return () => provider();
    })();
  const cache = new Map<string, ArrayBuffer>();
  return async (url, headers, body) => {
    if (cache.size > 8) cache.clear();
    const signer = createSigner({
      method: "POST",
      url,
      headers,
      body,
      credentials: await credentials(),
      service: options.service,
      region: options.region,
      cache,
    });
    return (await signer.sign()).headers;
  };
}
