import { defaultSettings } from "../../src/config/schema.ts";
import type { Config, Settings } from "../../src/config/types.ts";
import { createIamProvider } from "../../src/credentials/iam.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import { createLogger, type Logger, silentLogger } from "../../src/log.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { createAwsRead, DEFAULT_SERVICES } from "../../src/tools/aws-read.ts";
import { createExecutor } from "../../src/tools/executor.ts";
import type { Executor } from "../../src/tools/types.ts";

export interface WiredSandbox {
  sandbox: Sandbox;
  pool: McpPool;
  executor: Executor;
  /** Debug log lines of everything (sandbox STS and MCP included). */
  lines: string[];
  /** How many log lines carry this message. */
  count(message: string): number;
  close(): Promise<void>;
}

/**
 * The production wiring from the credential store down (real STS client, SigV4 MCP pool over the
 * real MCP SDK, executor) against a running sandbox, as the runtime does it in sandbox mode.
 */
export function wireSandbox(
  sandbox: Sandbox,
  logger: Logger,
  adjust: (settings: Settings) => void = () => {},
): { pool: McpPool; executor: Executor } {
  const settings = structuredClone(defaultSettings);
  settings.mcp = {
    ...settings.mcp,
    endpoint: sandbox.mcpEndpoint,
    signing_region: sandbox.signingRegion,
    service: "aws-mcp",
    // The sandbox has no quota: tests need not wait on the real server's rate.
    rate_per_account: 500,
  };
  adjust(settings);
  const config: Config = {
    settings,
    accounts: sandbox.accounts,
    env: { endpoints: { sts: sandbox.stsEndpoint }, home: "/nonexistent" },
    sources: {},
  };
  const provider = createIamProvider({
    settings,
    env: config.env,
    logger,
    baseCredentials: sandbox.baseCredentials,
  });
  const credentials = createCredentialStore({
    provider,
    accounts: sandbox.accounts,
    refreshBeforeMs: 300_000,
    logger,
  });
  const mcp = createMcpPool({ settings: settings.mcp, credentials, logger });
  const { tools } = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger });
  tools.push(createAwsRead({ services: DEFAULT_SERVICES, allowOperations: [] }));
  return { pool: mcp, executor: createExecutor({ config, pluginTools: tools, mcp, logger }) };
}

/** A new sandbox wired by `wireSandbox`, with every debug line captured. */
export async function startWiredSandbox(
  adjust: (settings: Settings) => void = () => {},
  options: { latencyMs?: number } = {},
): Promise<WiredSandbox> {
  const lines: string[] = [];
  const logger: Logger = createLogger({ level: "debug", format: "json", write: (l) => void lines.push(l) });
  const sandbox = await startSandbox({ logger, latencyMs: options.latencyMs });
  const { pool, executor } = wireSandbox(sandbox, logger, adjust);
  return {
    sandbox,
    pool,
    executor,
    lines,
    count: (message) => lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg === message).length,
    async close() {
      await pool.close();
      await sandbox.close();
    },
  };
}
