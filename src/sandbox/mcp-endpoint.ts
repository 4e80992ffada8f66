import type { KeyTable } from "./keys.ts";
import type { McpProfile } from "./mcp-profile.ts";
import type { McpSimulator } from "./mcp-sim-types.ts";
import { createMcpSimulator } from "./mcp-simulator.ts";
import { createSandboxTools, type McpToolsOptions } from "./mcp-tools.ts";

/**
 * The sandbox's AWS MCP Server at `/mcp`: the simulator (`mcp-simulator.ts`, the same one the tests
 * run) serving the sandbox's tools. Every request must carry a valid SigV4 signature (service
 * `aws-mcp`, the configured signing region) made with credentials the sandbox STS issued: the key
 * identifies the account whose data the tools see, and sessions are bound to it.
 */
export interface SandboxMcpOptions extends McpToolsOptions {
  keys: KeyTable;
  /** SigV4 scope region clients must sign for (`settings.mcp.signing_region`). */
  signingRegion: string;
  /** `json` (default) answers POSTs with application/json; `sse` with text/event-stream. */
  responseMode?: "json" | "sse";
  /** Quotas, script latency, envelope and tasks (`mcp-profile.ts`); `fast` by default. */
  profile?: McpProfile;
  now?: () => number;
}

export function createSandboxMcp(options: SandboxMcpOptions): McpSimulator {
  const identify = (accessKeyId: string) => {
    const issued = options.keys.lookup(accessKeyId);
    return issued && { ...issued, accountId: issued.account.id };
  };
  return createMcpSimulator({
    identify,
    tools: createSandboxTools(options, options.keys.lookup),
    signingRegion: options.signingRegion,
    responseMode: options.responseMode,
    profile: options.profile,
    name: "aws-mcp-sandbox",
    logger: options.logger,
    now: options.now,
  });
}
