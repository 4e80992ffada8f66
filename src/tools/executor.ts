import type { Account, Config } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { McpPool } from "../mcp/types.ts";
import type { PluginTool } from "../plugins/types.ts";
import { didYouMean } from "../suggest.ts";
import { tracing } from "../telemetry/index.ts";
import { splitInput, validateArgs } from "./args.ts";
import { planBatches, scriptKey } from "./batches.ts";
import { runBounded } from "./bounded.ts";
import { createResultCache } from "./cache.ts";
import { toCallResult } from "./call-result.ts";
import { createIgnoreMatcher } from "./classify.ts";
import { createBatchRunner } from "./run-batch.ts";
import { accountsWantingAll, planUnits, selectAccounts } from "./select.ts";
import { createShares, type SharePart, type ShareState } from "./share.ts";
import { LIST_ACCOUNTS, listAccountsSpec, pluginToolSpec, registryItems } from "./specs.ts";
import type { CallResult, Executor, InvokeOptions, UnitData, UnitResult } from "./types.ts";

export interface ExecutorOptions {
  config: Config;
  /** Loaded, guarded plugin tools (the executor's tools besides `list_accounts`; not the MCP server's script tool). */
  pluginTools: PluginTool[];
  mcp: McpPool;
  logger: Logger;
  /** Clock in milliseconds (tests move it to expire the cache). */
  now?: () => number;
  /** The accounts right now (registry ⊕ Organizations discovery, refreshed by serve); default `config.accounts`. */
  accounts?: () => Account[];
  /** Enabled regions per account, for `regions: all` (src/org/enabled-regions.ts). */
  enabledRegions?: (accounts: Account[], signal?: AbortSignal) => Promise<Map<string, string[] | OpsError>>;
}

/**
 * The fan-out executor: resolves accounts and regions, validates arguments, renders one script per
 * account (all of its regions; `executor.batch: unit` for one per account×region), runs the scripts
 * concurrently with a global bound and a per-script timeout (the MCP pool paces each signing account),
 * and reports one result per account×region unit, with the result cache and `ignore_errors`. Bad input
 * throws before any network traffic; unit failures never do.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const { config, pluginTools: tools, mcp, logger, now = Date.now } = options;
  const accountsNow = options.accounts ?? (() => config.accounts);
  const { executor: settings, mcp: mcpSettings } = config.settings;
  const byName = new Map(tools.map((t) => [t.name, t]));
  if (byName.has(LIST_ACCOUNTS)) {
    throw new OpsError("E_PLUGIN", `a plugin tool may not be named ${LIST_ACCOUNTS}: it is built in`, {
      details: { source: byName.get(LIST_ACCOUNTS)?.source },
    });
  }
  const log = logger.child({ component: "executor" });
  const batches = createBatchRunner({
    mcp,
    executor: settings,
    mcpSettings,
    cache: createResultCache<UnitData>({
      ttlMs: settings.cache_ttl_seconds * 1000,
      now,
      maxBytes: settings.cache_max_bytes,
    }),
    ignorable: createIgnoreMatcher(settings.ignore_errors),
    logger: log,
    now,
  });

  /** One script in one account holding `parts` (one part: the call's own script), traced as one span. */
  async function runScripts(parts: SharePart[]): Promise<UnitResult[][]> {
    const { account, regions } = parts[0]!.batch;
    const info = {
      tool: [...new Set(parts.map((p) => p.tool))].join("+"),
      accountId: account.id,
      accountName: account.name,
      region: regions[0]!,
      regions: [...new Set(parts.flatMap((p) => p.batch.regions))],
    };
    // One span per script (under the tool span of the call that runs it); it fails when any of its units
    // failed. A script shared by several calls leaves the unit spans to each call's own tool span.
    const traced = await tracing().unit(info, async () => {
      const results = await batches.run(parts);
      const failed = results.flat().find((r) => !r.ok);
      return {
        ok: !failed,
        error: failed?.error,
        results: parts.length > 1 ? undefined : results[0],
        all: results,
      };
    });
    return traced.all;
  }

  const shares = createShares({
    concurrency: settings.concurrency,
    mode: settings.batch,
    run: runScripts,
  });

  function resolveTool(name: string): PluginTool {
    const tool = byName.get(name);
    if (tool) return tool;
    throw new OpsError(
      "E_UNKNOWN_TOOL",
      `unknown tool "${name}"${didYouMean(name, [LIST_ACCOUNTS, ...byName.keys()])}`,
      { hint: "ops-agent tools lists the tools" },
    );
  }

  async function invokePlugin(
    tool: PluginTool,
    args: Record<string, unknown>,
    targets: { accounts?: string[]; regions?: string[] },
    request: InvokeOptions,
    started: number,
    seat?: ShareState,
  ): Promise<CallResult> {
    validateArgs(tool.name, tool.inputSchema, args);
    const concurrency = request.concurrency ?? settings.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new OpsError("E_VALIDATION", `concurrency must be a positive integer (got ${concurrency})`, {
        details: { field: "concurrency" },
      });
    }
    const selected = selectAccounts(accountsNow(), targets.accounts);
    const units = await planAll(tool, selected, targets.regions, request);
    if (units.length > settings.max_units) {
      throw new OpsError(
        "E_VALIDATION",
        `${units.length} account×region units exceed executor.max_units (${settings.max_units})`,
        { hint: "name fewer accounts or regions", details: { field: "regions", units: units.length } },
      );
    }
    if (units.length === 0) {
      const discovery = config.settings.organizations.enabled;
      throw new OpsError(
        "E_CONFIG",
        `no accounts to query: ${discovery ? "neither the registry nor Organizations discovery gives a workload account" : "the registry has no workload accounts"}`,
        {
          hint: discovery
            ? "check organizations.include_ous and exclude_accounts (`ops-agent accounts --refresh` shows what discovery finds)"
            : "list accounts in the registry (settings `accounts`), or try --sandbox",
        },
      );
    }
    const done = batches.fromCache(tool.name, args, units, request);
    for (const unit of units) if (unit.error) done.set(unit, batches.failed(unit, unit.error, request));
    const planned = planBatches(
      units.filter((u) => !done.has(u)),
      settings.batch,
    );
    // Render every script first (once per distinct region list): a refused operation or bad argument
    // fails the whole call before anything leaves the process.
    const scripts = new Map<string, string>();
    for (const batch of planned) {
      const key = scriptKey(batch);
      if (!scripts.has(key))
        scripts.set(key, tool.render(args, batch.regions, { allRegions: batch.allRegions === true }));
    }
    const parts = planned.map((batch) => ({
      tool: tool.name,
      args,
      batch,
      code: scripts.get(scriptKey(batch))!,
      request,
    }));
    const ran = seat
      ? await seat.submit(parts)
      : await runBounded(parts, concurrency, async (part) => (await runScripts([part]))[0]!);
    const byUnit = new Map(ran.flat().map((r) => [`${r.account_id}/${r.region}`, r]));
    const results = units.map((u) => done.get(u) ?? byUnit.get(`${u.account.id}/${u.region}`)!);
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
    const data = { items: registryItems(accountsNow()), truncated: false };
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
    specs: () => [listAccountsSpec, ...tools.map((t) => pluginToolSpec(t, accountsNow()))],
    accounts: () => accountsNow(),
    shareScripts: (calls) => shares.create(calls),
    invoke: (name, rawInput, request = {}) =>
      tracing().tool(
        { name, args: rawInput },
        async () => {
          const started = now();
          const seat = shares.seat(request.share);
          try {
            const { args, ...targets } = splitInput(rawInput);
            if (name === LIST_ACCOUNTS) return listAccounts(args, started);
            return await invokePlugin(resolveTool(name), args, targets, request, started, seat);
          } finally {
            seat?.leave();
          }
        },
        ({ status, summary, results }) => ({
          ok: status !== "failed",
          units: summary.units,
          failed: summary.failed,
          unitResults: results,
        }),
      ),
  };
}
