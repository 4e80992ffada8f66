import type { ExecutorSettings, McpSettings } from "../config/types.ts";
import type { Logger } from "../log.ts";
import type { McpPool } from "../mcp/types.ts";
import { shareScript } from "../plugins/shared-script.ts";
import type { ResultCache } from "./cache.ts";
import { cacheKey } from "./cache.ts";
import { classifyError } from "./classify.ts";
import type { Unit } from "./select.ts";
import type { SharePart } from "./share.ts";
import { splitShared } from "./shared-answer.ts";
import type { InvokeOptions, UnitData, UnitError, UnitEvent, UnitResult } from "./types.ts";
import { runScriptAnswer } from "./unit.ts";

export interface BatchRunnerOptions {
  mcp: McpPool;
  executor: ExecutorSettings;
  mcpSettings: McpSettings;
  cache: ResultCache<UnitData>;
  ignorable: (error: UnitError) => boolean;
  logger: Logger;
  now: () => number;
}

export interface BatchRunner {
  /** Units the cache answers (reported at once); the others are absent from the map. */
  fromCache(
    tool: string,
    args: Record<string, unknown>,
    units: Unit[],
    options: InvokeOptions,
  ): Map<Unit, UnitResult>;
  /** A unit that fails without a script (its regions could not be discovered). */
  failed(unit: Unit, error: unknown, options: InvokeOptions): UnitResult;
  /**
   * Runs one script in one account holding `parts` (one call's batch each: the account's regions,
   * or one) and reports each part's units. Several parts travel as one shared script. Never throws.
   */
  run(parts: SharePart[]): Promise<UnitResult[][]>;
}

const isUnitData = (v: unknown): v is UnitData =>
  typeof v === "object" && v !== null && Array.isArray((v as UnitData).items);

/** The cache key of a unit: a global listing's one unit (`regions: all`) is not its region's unit. */
const keyOf = (
  tool: string,
  args: Record<string, unknown>,
  accountId: string,
  region: string,
  all?: boolean,
) => cacheKey(accountId, all ? `${region}|all` : region, tool, args);

export function createBatchRunner(options: BatchRunnerOptions): BatchRunner {
  const { cache, ignorable, now } = options;
  const log = options.logger;

  /** Progress callbacks are the caller's code: a throwing one must not break the fan-out. */
  function notify(request: InvokeOptions, event: UnitEvent) {
    try {
      request.onUnit?.(event);
    } catch (error) {
      log.warn("progress callback failed", { error: String(error) });
    }
  }

  /** A unit's result from its outcome: successes are cached, `ignore_errors` applies to failures. */
  function toResult(
    key: string,
    base: Omit<UnitResult, "ok" | "data" | "error">,
    outcome: unknown,
  ): UnitResult {
    if (isUnitData(outcome)) {
      cache.set(key, outcome);
      return { ...base, ok: true, data: outcome };
    }
    const error = classifyError(outcome);
    if (ignorable(error)) {
      log.debug("error ignored (executor.ignore_errors)", { ...base, code: error.code });
      return { ...base, ok: true, ignored: true, data: { items: [], truncated: false } };
    }
    log.debug("unit failed", { ...base, code: error.code, message: error.message });
    return { ...base, ok: false, error };
  }

  const baseOf = (unit: Unit, duration_ms: number) => ({
    account_id: unit.account.id,
    account_name: unit.account.name,
    region: unit.region,
    duration_ms,
  });

  return {
    fromCache(tool, args, units, request) {
      const hits = new Map<Unit, UnitResult>();
      if (!cache.enabled || request.noCache) return hits;
      for (const unit of units) {
        const data = unit.error
          ? undefined
          : cache.get(keyOf(tool, args, unit.account.id, unit.region, unit.allRegions));
        if (!data) continue;
        const result: UnitResult = { ...baseOf(unit, 0), ok: true, data, cached: true };
        log.info("cache hit", { tool, account: unit.account.id, region: unit.region });
        notify(request, { phase: "start", account: unit.account, region: unit.region });
        notify(request, { phase: "end", account: unit.account, region: unit.region, result });
        hits.set(unit, result);
      }
      return hits;
    },

    failed(unit, error, request) {
      notify(request, { phase: "start", account: unit.account, region: unit.region });
      const result = toResult("", baseOf(unit, 0), error);
      notify(request, { phase: "end", account: unit.account, region: unit.region, result });
      return result;
    },

    async run(parts) {
      const started = now();
      const { account } = parts[0]!.batch;
      for (const { batch, request } of parts) {
        for (const region of batch.regions) notify(request, { phase: "start", account, region });
      }
      const regionsOf = parts.map((p) => p.batch.regions);
      let outcomes: Array<Map<string, unknown>>;
      try {
        const shared = parts.length > 1;
        const where = shared
          ? `${parts.length} tool scripts`
          : regionsOf[0]!.length === 1
            ? regionsOf[0]![0]!
            : `${regionsOf[0]!.length} regions`;
        const code = shared ? shareScript(parts.map((p) => p.code)) : parts[0]!.code;
        const answer = await runScriptAnswer(
          account,
          regionsOf[0]![0]!,
          code,
          {
            mcp: options.mcp,
            scriptTool: options.mcpSettings.script_tool,
            taskTool: options.mcpSettings.task_tool,
            pollMs: options.mcpSettings.task_poll_ms,
            timeoutMs: options.executor.unit_timeout_ms,
            signal: parts[0]!.request.signal,
          },
          where,
        );
        outcomes = splitShared(answer.value, answer.text, regionsOf);
      } catch (thrown) {
        outcomes = regionsOf.map((regions) => new Map(regions.map((r) => [r, thrown])));
      }
      const duration_ms = Math.round(now() - started);
      return parts.map(({ tool, args, batch, request }, i) =>
        batch.regions.map((region) => {
          const key = keyOf(tool, args, account.id, region, batch.allRegions);
          const result = toResult(key, baseOf({ account, region }, duration_ms), outcomes[i]!.get(region));
          notify(request, { phase: "end", account, region, result });
          return result;
        }),
      );
    },
  };
}
