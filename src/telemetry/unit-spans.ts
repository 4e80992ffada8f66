import {
  type Context,
  createContextKey,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { UnitRecord } from "./index.ts";

/** The account×region units of the tool call being run that already have their span. */
const UNITS_SEEN = createContextKey("ops-agent.units-seen");

const unitKey = (r: { account_id: string; region: string }) => `${r.account_id}/${r.region}`;

/** A fresh "seen" set in the tool call's context; a nested hook of the same call shares it. */
export const withUnitsSeen = (ctx: Context) => ctx.setValue(UNITS_SEEN, new Set<string>());
const unitsSeen = (ctx: Context) => ctx.getValue(UNITS_SEEN) as Set<string> | undefined;

/**
 * One `unit {tool}` span per account×region result, a child of `parent` (the script's span, or the tool's
 * for units no script answered), ending now and lasting the unit's own `duration_ms`. Attributes: the
 * account and region, cache hit, and the error code as `error.type`.
 */
export function recordUnitSpans(
  tracer: Tracer,
  tool: string,
  parent: Span,
  ctx: Context,
  results: UnitRecord[],
) {
  const seen = unitsSeen(ctx);
  const parentCtx = trace.setSpan(ctx, parent);
  const end = Date.now();
  for (const r of results) {
    // The registry listing (list_accounts) has no account: it is not an account×region unit.
    if (!r.account_id || seen?.has(unitKey(r))) continue;
    seen?.add(unitKey(r));
    const span = tracer.startSpan(
      `unit ${tool}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: end - r.duration_ms,
        attributes: {
          "cloud.provider": "aws",
          "cloud.account.id": r.account_id,
          "cloud.region": r.region,
          "ops_agent.tool": tool,
          "ops_agent.cache.hit": r.cached === true,
          ...(r.account_name ? { "ops_agent.account.name": r.account_name } : {}),
          ...(r.ignored ? { "ops_agent.error.ignored": true } : {}),
        },
      },
      parentCtx,
    );
    if (!r.ok) {
      span.setAttribute("error.type", r.error?.code ?? "E_UNKNOWN");
      span.setStatus({ code: SpanStatusCode.ERROR, message: r.error?.code ?? "unit failed" });
    }
    span.end(end);
  }
}
