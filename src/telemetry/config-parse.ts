/** Parsers of the OTEL_* values whose syntax the OpenTelemetry environment-variable spec fixes; bad values are E_CONFIG. */
import { OpsError } from "../errors.ts";
import type { SamplerName, TelemetryConfig } from "./config.ts";

type Env = Record<string, string | undefined>;
const set = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

const SAMPLERS = new Set<string>([
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
]);

/** `k=v,k2=v2` with percent-encoded values (the W3C baggage octet rules the spec refers to). */
export function parseKeyValues(text: string | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? "").split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new OpsError("E_CONFIG", `${name}: "${part.trim()}" is not key=value`);
    try {
      out[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new OpsError("E_CONFIG", `${name}: "${part.trim()}" has a malformed percent-encoding`);
    }
  }
  return out;
}

export function parseProtocol(env: Env): TelemetryConfig["protocol"] {
  const protocol =
    set(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? set(env.OTEL_EXPORTER_OTLP_PROTOCOL) ?? "http/protobuf";
  if (protocol === "http/protobuf" || protocol === "http/json") return protocol;
  throw new OpsError("E_CONFIG", `OTEL_EXPORTER_OTLP_PROTOCOL "${protocol}" is not supported`, {
    hint: "use http/protobuf or http/json (OTLP over HTTP); grpc is not built in",
  });
}

export function parseSampler(env: Env): TelemetryConfig["sampler"] {
  const name = set(env.OTEL_TRACES_SAMPLER)?.toLowerCase() ?? "parentbased_always_on";
  if (!SAMPLERS.has(name)) {
    throw new OpsError("E_CONFIG", `OTEL_TRACES_SAMPLER "${name}" is not supported`, {
      hint: [...SAMPLERS].join(", "),
    });
  }
  const arg = set(env.OTEL_TRACES_SAMPLER_ARG);
  const ratio = arg === undefined ? 1 : Number(arg);
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new OpsError("E_CONFIG", `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${arg}")`);
  }
  return { name: name as SamplerName, ratio };
}

export function parseTimeout(env: Env): number {
  const text = set(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ?? set(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const ms = text === undefined ? 10_000 : Number(text);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new OpsError(
      "E_CONFIG",
      `OTEL_EXPORTER_OTLP_TIMEOUT must be a positive integer of ms (got "${text}")`,
    );
  }
  return ms;
}
