/** Loaded with a dynamic import() only when tracing is on: everything that touches the OpenTelemetry SDK. */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { type Logger, setTraceFields } from "../log.ts";
import { VERSION } from "../version.ts";
import type { TelemetryConfig } from "./config.ts";
import { createOtlpExporter } from "./exporter.ts";
import type { Tracing } from "./index.ts";
import { createHooks } from "./spans.ts";
import { createXraySigner } from "./xray.ts";

function createSampler({ name, ratio }: TelemetryConfig["sampler"]): Sampler {
  const root = name.endsWith("always_off")
    ? new AlwaysOffSampler()
    : name.endsWith("traceidratio")
      ? new TraceIdRatioBasedSampler(ratio)
      : new AlwaysOnSampler();
  return name.startsWith("parentbased_") ? new ParentBasedSampler({ root }) : root;
}

export interface TracingOptions {
  /** Tests hand in an exporter; the OTLP/HTTP one by default. */
  exporter?: SpanExporter;
}

/**
 * Tracer provider (batching, sampler, resource from OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES), the
 * AsyncLocalStorage context manager (so spans parent across awaits without threading a context through
 * every signature), W3C trace-context + baggage extraction, and log lines stamped with trace_id/span_id.
 */
export function createTracing(
  config: TelemetryConfig,
  logger: Logger,
  options: TracingOptions = {},
): Tracing {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter =
    options.exporter ??
    createOtlpExporter({
      config,
      sign: config.sign ? createXraySigner(config.sign) : undefined,
      onError: (message) => logger.warn(message),
    });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
      [ATTR_SERVICE_VERSION]: VERSION,
    }),
    sampler: createSampler(config.sampler),
    spanLimits: { attributeValueLengthLimit: 16_384 },
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  setTraceFields(() => {
    const span = trace.getSpan(context.active());
    if (!span) return undefined;
    const { traceId, spanId } = span.spanContext();
    return { trace_id: traceId, span_id: spanId };
  });
  const hooks = createHooks(provider.getTracer("ops-agent", VERSION), propagator, config.captureContent);
  return {
    ...hooks,
    async shutdown() {
      setTraceFields(undefined);
      // A failed final export was already logged (once, with its status): it never fails the command.
      await provider.shutdown().catch(() => undefined);
      context.disable();
    },
  };
}
