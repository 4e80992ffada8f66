import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { ToolOutcome, Tracing } from "./index.ts";
import type { ContentAttributes, SpanRunner } from "./spans.ts";
import { recordUnitSpans, withUnitsSeen } from "./unit-spans.ts";

/** The execute_tool span of the tool use being run; an inner hook for the same use annotates it. */
const TOOL_SPAN = createContextKey("ops-agent.execute_tool");

const recordGetter = {
  get: (carrier: Record<string, unknown>, key: string) =>
    typeof carrier[key] === "string" ? (carrier[key] as string) : undefined,
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
};

const withTool = (ctx: Context, span: Span) => withUnitsSeen(ctx.setValue(TOOL_SPAN, span));

/** `execute_tool` per tool use (or the MCP server's `tools/call`), and one span per account×region unit. */
export function createToolHooks(
  tracer: Tracer,
  inSpan: SpanRunner,
  content: ContentAttributes,
  propagator: TextMapPropagator,
): Pick<Tracing, "tool" | "unit" | "mcpToolCall"> {
  function annotateTool(span: Span, outcome: ToolOutcome, tool: string) {
    // Units no script answered (cache hits, regions refused before any request) hang off the tool span.
    if (outcome.unitResults) recordUnitSpans(tracer, tool, span, context.active(), outcome.unitResults);
    span.setAttributes({
      "ops_agent.units": outcome.units,
      "ops_agent.units.ok": outcome.units - outcome.failed,
      "ops_agent.units.failed": outcome.failed,
      ...content("gen_ai.tool.call.result", outcome.result),
    });
    if (!outcome.ok) {
      span.setAttribute("error.type", "tool_error");
      span.setStatus({ code: SpanStatusCode.ERROR, message: "every unit failed or the call was refused" });
    }
  }

  return {
    tool(info, run, outcome) {
      const outer = context.active().getValue(TOOL_SPAN) as Span | undefined;
      if (outer) {
        return run().then((result) => {
          annotateTool(outer, outcome(result), info.name);
          return result;
        });
      }
      const attributes: Attributes = {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": info.name,
        "gen_ai.tool.type": "function",
        ...(info.callId ? { "gen_ai.tool.call.id": info.callId } : {}),
        ...content("gen_ai.tool.call.arguments", info.args),
      };
      return inSpan(
        `execute_tool ${info.name}`,
        SpanKind.INTERNAL,
        attributes,
        context.active(),
        run,
        (span, result) => annotateTool(span, outcome(result), info.name),
        withTool,
      );
    },

    unit(info, run) {
      const attributes: Attributes = {
        "cloud.provider": "aws",
        "cloud.account.id": info.accountId,
        "ops_agent.regions": info.regions ?? [info.region],
        "ops_agent.tool": info.tool,
        ...(info.accountName ? { "ops_agent.account.name": info.accountName } : {}),
      };
      const ctx = context.active();
      return inSpan(`script ${info.tool}`, SpanKind.INTERNAL, attributes, ctx, run, (span, r) => {
        if (r.results) recordUnitSpans(tracer, info.tool, span, ctx, r.results);
        if (!r.ok) {
          span.setAttribute("error.type", r.error?.code ?? "E_UNKNOWN");
          span.setStatus({ code: SpanStatusCode.ERROR, message: r.error?.code ?? "a unit failed" });
        }
      });
    },

    mcpToolCall(info, run) {
      const meta = info.meta ?? {};
      const remote = propagator.extract(ROOT_CONTEXT, meta, recordGetter);
      const parent = trace.getSpanContext(remote) ? remote : context.active();
      const attributes: Attributes = {
        "mcp.method.name": "tools/call",
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": info.name,
        ...content("gen_ai.tool.call.arguments", info.args),
      };
      return inSpan(
        `tools/call ${info.name}`,
        SpanKind.SERVER,
        attributes,
        parent,
        run,
        (span, result) => {
          if (result.isError) {
            span.setAttribute("error.type", "tool_error");
            span.setStatus({ code: SpanStatusCode.ERROR, message: "the tool call failed" });
          }
        },
        withTool,
      );
    },
  };
}
