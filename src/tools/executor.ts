import type { Account, Config } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { McpPool } from "../mcp/types.ts";
import type { PluginTool } from "../plugins/types.ts";
import { didYouMean } from "../suggest.ts";
import { tracing } from "../telemetry/index.ts";
import { splitInput, validateArgs } from "./args.ts";
import { runBounded } from "./bounded.ts";
import { cacheKey, createResultCache } from "./cache.ts";
import { toCallResult } from "./call-result.ts";
import { classifyError, createIgnoreMatcher } from "./classify.ts";
import { accountsWantingAll, planUnits, selectAccounts, type Unit } from "./select.ts";
import { LIST_ACCOUNTS, listAccountsSpec, pluginToolSpec, registryItems } from "./specs.ts";
import type { CallResult, Executor, InvokeOptions, ScriptResult, UnitEvent, UnitResult } from "./types.ts";
import { runUnit } from "./unit.ts";

export interface ExecutorOptions {
  config: Config;
  /** Loaded, guarded plugin tools. */
  tools: PluginTool[];
  mcp: McpPool;
  logger: Logger;
  /** Clock in milliseconds (tests move it to expire the cache). */
  now?: () => number;
  /** Enabled regions per account, for `regions: all` (src/org/enabled-regions.ts). */
  enabledRegions?: (accounts: Account[], signal?: AbortSignal) => Promise<Map<string, string[] | OpsError>>;
}

/**
 * The fan-out executor: resolves accounts and regions, validates arguments, renders one script per
 * region, and runs account×region units concurrently with a bound, a per-unit timeout, the result
 * cache and `ignore_errors`. Bad input throws before any network traffic; unit failures never do.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const { config, tools, mcp, logger, now = Date.now } = options;
  const { executor: settings, mcp: mcpSettings } = config.settings;
  const byName = new Map(tools.map((t) => [t.name, t]));
  if (byName.has(LIST_ACCOUNTS)) {
    throw new OpsError("E_PLUGIN", `a plugin tool may not be named ${LIST_ACCOUNTS}: it is built in`, {
      details: { source: byName.get(LIST_ACCOUNTS)?.source },
    });
  }
  const cache = createResultCache<ScriptResult>({ ttlMs: settings.cache_ttl_seconds * 1000, now });
  const ignorable = createIgnoreMatcher(settings.ignore_errors);
  const log = logger.child({ component: "executor" });

  /** Progress callbacks are the caller's code: a throwing one must not break the fan-out. */
  function notify(request: InvokeOptions, event: UnitEvent) {
    try {
      request.onUnit?.(event);
    } catch (error) {
      log.warn("progress callback failed", { error: String(error) });
    }
  }

  function resolveTool(name: string): PluginTool {
    const tool = byName.get(name);
    if (tool) return tool;
    throw new OpsError(
      "E_UNKNOWN_TOOL",
      `unknown tool "${name}"${didYouMean(name, [LIST_ACCOUNTS, ...byName.keys()])}`,
      {
        hint: "ops-agent tools lists the tools",
      },
    );
  }

  async function runUnitOnce(
    tool: PluginTool,
    args: Record<string, unknown>,
    unit: Unit,
    code: string,
    request: InvokeOptions,
  ): Promise<UnitResult> {
    const started = now();
    const base = { account_id: unit.account.id, account_name: unit.account.name, region: unit.region };
    notify(request, { phase: "start", account: unit.account, region: unit.region });
    const key = cacheKey(
      unit.account.id,
      unit.allRegions ? `${unit.region}|all` : unit.region,
      tool.name,
      args,
    );
    const hit = cache.enabled && !request.noCache ? cache.get(key) : undefined;
    let result: UnitResult;
    if (hit) {
      log.info("cache hit", { tool: tool.name, account: unit.account.id, region: unit.region });
      result = { ...base, ok: true, data: hit, cached: true, duration_ms: Math.round(now() - started) };
    } else {
      try {
        if (unit.error) throw unit.error;
        const timeoutMs = settings.unit_timeout_ms;
        const data = await runUnit(unit, code, {
          mcp,
          scriptTool: mcpSettings.script_tool,
          timeoutMs,
          signal: request.signal,
        });
        cache.set(key, data);
        result = { ...base, ok: true, data, duration_ms: Math.round(now() - started) };
      } catch (thrown) {
        const error = classifyError(thrown);
        const duration_ms = Math.round(now() - started);
        if (ignorable(error)) {
          log.debug("error ignored (executor.ignore_errors)", { ...base, tool: tool.name, code: error.code });
          result = { ...base, ok: true, ignored: true, data: { items: [], truncated: false }, duration_ms };
        } else {
          log.debug("unit failed", { ...base, tool: tool.name, code: error.code, message: error.message });
          result = { ...base, ok: false, error, duration_ms };
        }
      }
    }
    notify(request, { phase: "end", account: unit.account, region: unit.region, result });
    return result;
  }

  async function invokePlugin(
    tool: PluginTool,
    args: Record<string, unknown>,
    targets: { accounts?: string[]; regions?: string[] },
    options: InvokeOptions,
    started: number,
  ): Promise<CallResult> {
    validateArgs(tool.name, tool.inputSchema, args);
    const concurrency = options.concurrency ?? settings.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new OpsError("E_VALIDATION", `concurrency must be a positive integer (got ${concurrency})`, {
        details: { field: "concurrency" },
      });
    }
    const units = await planAll(
      tool,
      selectAccounts(config.accounts, targets.accounts),
      targets.regions,
      options,
    );
    if (units.length === 0) {
      throw new OpsError("E_CONFIG", "no accounts to query: the registry has no workload accounts", {
        hint: "list accounts in the registry (settings `accounts`), or try --sandbox",
      });
    }
    // Render every region's script first: a refused operation or bad argument fails the whole call
    // before anything leaves the process.
    const scripts = new Map<string, string>();
    const scriptKey = (unit: Unit) => (unit.allRegions ? `${unit.region}|all` : unit.region);
    for (const unit of units) {
      const key = scriptKey(unit);
      if (unit.error || scripts.has(key)) continue;
      scripts.set(key, tool.render(args, unit.region, { allRegions: unit.allRegions }));
    }
    const results = await runBounded(units, concurrency, (unit) =>
      tracing().unit(
        { tool: tool.name, accountId: unit.account.id, accountName: unit.account.name, region: unit.region },
        () => runUnitOnce(tool, args, unit, scripts.get(scriptKey(unit)) ?? "", options),
      ),
    );
    return finish(tool.name, args, results, started);
  }

  /** Units of a call; `regions: all` asks each such account for its enabled regions first. */
  async function planAll(
    tool: PluginTool,
    selected: Account[],
    regions: string[] | undefined,
    request: InvokeOptions,
  ) {
    const defaults = { defaultRegions: config.settings.regions, global: tool.global };
    const wanting = accountsWantingAll(selected, regions, defaults);
    if (wanting.length === 0) return planUnits(selected, regions, config.settings.region, defaults);
    if (!options.enabledRegions) {
      throw new OpsError(
        "E_CONFIG",
        'regions "all" needs region discovery, which this executor was built without',
      );
    }
    const enabled = await options.enabledRegions(wanting, request.signal);
    return planUnits(selected, regions, config.settings.region, { ...defaults, enabled });
  }

  function finish(tool: string, args: Record<string, unknown>, results: UnitResult[], started: number) {
    const result = toCallResult(tool, args, results, now() - started);
    log.debug("tool call finished", { tool, status: result.status, ...result.summary });
    return result;
  }

  function listAccounts(args: Record<string, unknown>, started: number): CallResult {
    validateArgs(LIST_ACCOUNTS, listAccountsSpec.inputSchema, args);
    const data = { items: registryItems(config.accounts), truncated: false };
    const result: UnitResult = {
      account_id: "",
      account_name: "registry",
      region: "local",
      ok: true,
      data,
      duration_ms: 0,
    };
    return finish(LIST_ACCOUNTS, args, [result], started);
  }

  return {
    specs: () => [listAccountsSpec, ...tools.map((t) => pluginToolSpec(t, config.accounts))],
    accounts: () => config.accounts,
    invoke: (name, rawInput, options = {}) =>
      tracing().tool(
        { name, args: rawInput },
        async () => {
          const started = now();
          const { args, ...targets } = splitInput(rawInput);
          if (name === LIST_ACCOUNTS) return listAccounts(args, started);
          return invokePlugin(resolveTool(name), args, targets, options, started);
        },
        ({ status, summary }) => ({ ok: status !== "failed", units: summary.units, failed: summary.failed }),
      ),
  };
}
