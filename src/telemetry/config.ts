import { OpsError } from "../errors.ts";
import { parseKeyValues, parseProtocol, parseSampler, parseTimeout } from "./config-parse.ts";

/** What the standard OpenTelemetry environment variables (and AgentCore's switch) ask for. */
export interface TelemetryConfig {
  /** Off unless an OTLP endpoint, `OTEL_TRACES_EXPORTER=otlp` or `AGENT_OBSERVABILITY_ENABLED=true` says so. */
  enabled: boolean;
  /** Which variable switched tracing on (logged once). */
  reason: string;
  /** Full OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  protocol: "http/protobuf" | "http/json";
  /** `OTEL_EXPORTER_OTLP_HEADERS` merged with `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (the latter wins). */
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  sampler: { name: SamplerName; ratio: number };
  /** `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`: prompts, tool arguments and results on spans. */
  captureContent: boolean;
  /** SigV4-sign each export (the X-Ray OTLP endpoint), with the default credential chain's credentials. */
  sign?: { service: "xray"; region: string };
}

export type SamplerName =
  | "always_on"
  | "always_off"
  | "traceidratio"
  | "parentbased_always_on"
  | "parentbased_always_off"
  | "parentbased_traceidratio";

type Env = Record<string, string | undefined>;

const DEFAULT_ENDPOINT = "http://localhost:4318";

const truthy = (value: string | undefined) => value?.trim().toLowerCase() === "true";
const set = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

function tracesUrl(env: Env): string | undefined {
  const signal = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (signal) return signal;
  const base = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined;
}

/** The region of the X-Ray endpoint: AWS_REGION, else the runtime ARN AgentCore puts in the resource attributes. */
function observabilityRegion(env: Env, resource: Record<string, string>): string {
  const region =
    set(env.AWS_REGION) ??
    set(env.AWS_DEFAULT_REGION) ??
    /^arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):/.exec(resource["cloud.resource_id"] ?? "")?.[1];
  if (!region) {
    throw new OpsError(
      "E_CONFIG",
      "AGENT_OBSERVABILITY_ENABLED=true needs a region for the X-Ray OTLP endpoint",
      { hint: "set AWS_REGION, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT to export elsewhere" },
    );
  }
  return region;
}

/**
 * Reads the tracing switches from the environment as the CLI read it once. Tracing is off by default:
 * on with an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` / `_TRACES_ENDPOINT`), with
 * `OTEL_TRACES_EXPORTER=otlp` (default endpoint localhost:4318), or in AgentCore with
 * `AGENT_OBSERVABILITY_ENABLED=true` and no endpoint (the region's X-Ray OTLP endpoint, SigV4-signed).
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off whatever else is set.
 */
export function readTelemetryConfig(env: Env): TelemetryConfig {
  const exporter = set(env.OTEL_TRACES_EXPORTER)?.toLowerCase();
  const url = tracesUrl(env);
  const agentCore = truthy(env.AGENT_OBSERVABILITY_ENABLED);
  const off: TelemetryConfig = {
    enabled: false,
    reason: "",
    url: "",
    protocol: "http/protobuf",
    headers: {},
    timeoutMs: 10_000,
    serviceName: "ops-agent",
    resourceAttributes: {},
    sampler: { name: "parentbased_always_on", ratio: 1 },
    captureContent: false,
  };
  if (truthy(env.OTEL_SDK_DISABLED) || exporter === "none") return off;
  if (exporter !== undefined && exporter !== "otlp") {
    throw new OpsError("E_CONFIG", `OTEL_TRACES_EXPORTER "${exporter}" is not supported`, {
      hint: "use otlp (or none)",
    });
  }
  if (!url && !agentCore && exporter !== "otlp") return off;
  const resourceAttributes = parseKeyValues(env.OTEL_RESOURCE_ATTRIBUTES, "OTEL_RESOURCE_ATTRIBUTES");
  const headers = {
    ...parseKeyValues(env.OTEL_EXPORTER_OTLP_HEADERS, "OTEL_EXPORTER_OTLP_HEADERS"),
    ...parseKeyValues(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, "OTEL_EXPORTER_OTLP_TRACES_HEADERS"),
  };
  const common = {
    enabled: true,
    headers,
    timeoutMs: parseTimeout(env),
    serviceName: set(env.OTEL_SERVICE_NAME) ?? resourceAttributes["service.name"] ?? "ops-agent",
    resourceAttributes,
    sampler: parseSampler(env),
    captureContent: truthy(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT),
  };
  if (!url && agentCore) {
    const region = observabilityRegion(env, resourceAttributes);
    return {
      ...common,
      reason: "AGENT_OBSERVABILITY_ENABLED=true (X-Ray OTLP endpoint, SigV4)",
      url: `https://xray.${region}.amazonaws.com/v1/traces`,
      protocol: "http/protobuf",
      sign: { service: "xray", region },
    };
  }
  return {
    ...common,
    reason: url ? "OTEL_EXPORTER_OTLP_ENDPOINT" : "OTEL_TRACES_EXPORTER=otlp",
    url: url ?? `${DEFAULT_ENDPOINT}/v1/traces`,
    protocol: parseProtocol(env),
  };
}
