import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export interface BedrockClientOptions {
  region: string;
  /** AWS_ENDPOINT_URL_BEDROCK_RUNTIME (or AWS_ENDPOINT_URL), read by the CLI. */
  endpoint?: string;
  /** AWS_PROFILE for the default chain of the central account. */
  profile?: string;
  /** Explicit central credentials; the SDK default chain when absent. */
  credentials?: BedrockRuntimeClientConfig["credentials"];
}

/**
 * The Bedrock Runtime client with an HTTP/1.1 handler. The SDK's default for this service is
 * NodeHttp2Handler (needed only by the bidirectional-stream API we do not use); under Bun it speaks
 * HTTP/2 through Bun's node:http2 client, the less mature path. Converse and ConverseStream work over
 * HTTP/1.1 keep-alive. Retries are ours (model.ts), so the SDK makes one attempt.
 */
export function createBedrockClient(options: BedrockClientOptions): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 10_000 }),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}
