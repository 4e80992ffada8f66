import type { SessionMemory } from "../agent/memory.ts";
import type { Agent } from "../agent/types.ts";
import { withAccounts } from "../config/load.ts";
import type { Config } from "../config/types.ts";
import { mergeAccounts } from "../credentials/accounts.ts";
import { decideAuth } from "../credentials/decide.ts";
import { createIamProvider } from "../credentials/iam.ts";
import { createSsoProvider } from "../credentials/sso.ts";
import { createCredentialStore } from "../credentials/store.ts";
import type { AuthDecision, CredentialProvider, CredentialStore } from "../credentials/types.ts";
import type { Logger } from "../log.ts";
import { createMcpPool } from "../mcp/pool.ts";
import type { McpPool } from "../mcp/types.ts";
import type { AccountDirectory } from "../org/directory.ts";
import { createEnabledRegions } from "../org/enabled-regions.ts";
import { loadPlugins } from "../plugins/load.ts";
import type { PluginTool } from "../plugins/types.ts";
import type { ResultSessions } from "../results/sessions.ts";
import type { Sandbox } from "../sandbox/index.ts";
import { tracing } from "../telemetry/index.ts";
import { createAwsRead, DEFAULT_SERVICES } from "../tools/aws-read.ts";
import { createExecutor } from "../tools/executor.ts";
import type { Executor } from "../tools/types.ts";
import type { CliContext } from "./context.ts";
import { createDirectory } from "./directory.ts";

/**
 * The composition root: credentials → MCP pool → plugins → executor (→ agent), built from the
 * effective (frozen) configuration. In sandbox mode the configuration carries the sandbox overlay
 * (in-process STS and MCP endpoints); the code path from the credential store down is the production one. Nothing here touches the network
 * (except `sso:ListAccounts` when `auth.sso.discover_accounts` is on), so `/ping` can answer before
 * any credential, model or MCP call is made.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  executor: Executor;
  tools: PluginTool[];
  /** The per-account credential store (accounts --check, doctor). */
  credentials: CredentialStore;
  /** The MCP sessions (doctor lists the server's tools). */
  mcp: McpPool;
  /** Which credential mode was chosen, and why. */
  auth: AuthDecision;
  /** The running sandbox, in sandbox mode. */
  sandbox?: Sandbox;
  /** The accounts served: the registry, or the registry over Organizations discovery (`accounts`). */
  directory: AccountDirectory;
  /** Builds the Bedrock agent on first use (ask, serve); `call` never loads the model client. */
  agent(): Promise<Agent>;
  /** Closes MCP sessions and local endpoints. Safe to call twice. */
  close(): Promise<void>;
}

function createProvider(
  ctx: CliContext,
  auth: AuthDecision,
  sandbox: Sandbox | undefined,
): CredentialProvider {
  const { settings, env } = ctx.config;
  if (auth.mode === "sso") return createSsoProvider({ settings, env, logger: ctx.logger });
  return createIamProvider({ settings, env, logger: ctx.logger, baseCredentials: sandbox?.baseCredentials });
}

export interface RuntimeOptions {
  /** Conversation memory for the agent (`ask --session` passes one restored from disk). */
  memory?: SessionMemory;
  /** Result tables for the agent (`ask --session` keeps them beside the session file). */
  results?: ResultSessions;
  /** Discover the organization anew instead of using the cache (`accounts --refresh`). */
  refreshAccounts?: boolean;
  /** Where a discovery is kept: `memory` (serve, refreshed in the background) or `file` (CLI, default). */
  accountsCache?: "memory" | "file";
}

export async function createRuntime(ctx: CliContext, options: RuntimeOptions = {}): Promise<Runtime> {
  const { logger, sandbox } = ctx;
  let { config } = ctx;
  const auth: AuthDecision = sandbox
    ? { mode: "sandbox", reason: "--sandbox: simulated organization, STS and MCP server on 127.0.0.1" }
    : decideAuth({ settings: config.settings, env: config.env });
  logger.info(`credentials: ${auth.mode} (${auth.reason})`);
  const provider = createProvider(ctx, auth, sandbox);
  const discover = auth.mode === "sso" && config.settings.auth.sso.discover_accounts;
  const credentials = createCredentialStore({
    provider,
    accounts: config.accounts,
    refreshBeforeMs: config.settings.auth.refresh_before_seconds * 1000,
    logger,
    discover,
  });
  if (discover && provider.listAccounts) {
    // The directory the executor serves is the registry plus discovered accounts; the loaded
    // configuration itself stays as it was read.
    config = withAccounts(config, mergeAccounts(config.accounts, await provider.listAccounts()));
    credentials.setAccounts(config.accounts);
  }
  const mcp = createMcpPool({
    settings: config.settings.mcp,
    credentials,
    logger,
    requireTools: [config.settings.mcp.script_tool],
  });
  const { tools } = loadPlugins({
    dirs: config.settings.plugins,
    allowOperations: config.settings.readonly.allow_operations,
    logger,
  });
  tools.push(
    createAwsRead({
      services: [...DEFAULT_SERVICES, ...(config.settings.services ?? [])],
      allowOperations: config.settings.readonly.allow_operations,
    }),
  );
  const regions = createEnabledRegions({
    mcp,
    scriptTool: config.settings.mcp.script_tool,
    homeRegion: config.settings.region,
    timeoutMs: config.settings.executor.unit_timeout_ms,
    ttlMs: config.settings.organizations.cache_ttl_seconds * 1000,
    logger,
  });
  const directory = createDirectory({
    config,
    logger,
    env: ctx.env,
    auth,
    credentials,
    regions,
    baseCredentials: sandbox?.baseCredentials,
    cache: options.accountsCache ?? "file",
    identity: sandbox?.organization && `sandbox:${sandbox.organization.fingerprint}`,
  });
  await directory.load({ refresh: options.refreshAccounts });
  if (directory.info().source === "organizations") config = withAccounts(config, directory.accounts());
  const executor = createExecutor({
    config,
    pluginTools: tools,
    mcp,
    logger,
    accounts: () => {
      directory.refreshIfStale();
      return directory.accounts();
    },
    enabledRegions: regions.resolve,
  });
  let agent: Promise<Agent> | undefined;
  let closed = false;
  return {
    config,
    logger,
    executor,
    tools,
    credentials,
    mcp,
    auth,
    sandbox,
    directory,
    agent() {
      const planner = sandbox && !ctx.modelRequested;
      agent ??= (
        planner
          ? import("../planner/agent.ts").then(({ createPlannerAgent }) =>
              createPlannerAgent(executor, {
                memory: options.memory,
                memorySettings: config.settings.model.memory,
                results: config.settings.results,
              }),
            )
          : import("../agent/agent.ts").then(({ createAgent }) =>
              createAgent({
                settings: config.settings,
                env: config.env,
                executor,
                logger,
                memory: options.memory,
                results: options.results,
              }),
            )
      ).then((built) => tracing().agent(built, { model: planner ? undefined : config.settings.model.id }));
      return agent;
    },
    async close() {
      if (closed) return;
      closed = true;
      directory.save();
      await mcp.close();
      await ctx.close();
    },
  };
}

/** Builds the runtime, runs `work` with it and closes it, whether `work` succeeds or throws. */
export async function withRuntime<T>(
  ctx: CliContext,
  work: (runtime: Runtime) => Promise<T>,
  options: RuntimeOptions = {},
): Promise<T> {
  const runtime = await createRuntime(ctx, options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
