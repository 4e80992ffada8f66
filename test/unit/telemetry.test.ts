import { describe, expect, test } from "bun:test";
import { readTelemetryConfig } from "../../src/telemetry/config.ts";
import { thrown } from "../helpers/thrown.ts";

describe("readTelemetryConfig: the standard OTEL_* variables", () => {
  test("off by default, and with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none whatever else is set", () => {
    expect(readTelemetryConfig({}).enabled).toBe(false);
    expect(readTelemetryConfig({ AWS_REGION: "eu-west-1", OTEL_SERVICE_NAME: "x" }).enabled).toBe(false);
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(readTelemetryConfig({ ...endpoint, OTEL_SDK_DISABLED: "true" }).enabled).toBe(false);
    expect(readTelemetryConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }).enabled).toBe(false);
  });

  test("an endpoint switches it on: /v1/traces appended to the base, the signal endpoint used as given", () => {
    const base = readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" });
    expect(base).toMatchObject({
      enabled: true,
      url: "http://collector:4318/v1/traces",
      protocol: "http/protobuf",
    });
    expect(base.sign).toBeUndefined();
    const signal = readTelemetryConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://ignored:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://tempo.example/otlp/v1/traces",
    });
    expect(signal.url).toBe("https://tempo.example/otlp/v1/traces");
    expect(readTelemetryConfig({ OTEL_TRACES_EXPORTER: "otlp" }).url).toBe("http://localhost:4318/v1/traces");
  });

  test("protocol, headers, service name, resource attributes, sampler, timeout and content capture", () => {
    const config = readTelemetryConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_HEADERS: "x-tenant=a,authorization=Basic%20abc",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-tenant=b",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=prod,service.name=from-resource",
      OTEL_SERVICE_NAME: "ops-prod",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_EXPORTER_OTLP_TIMEOUT: "2500",
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true",
    });
    expect(config).toMatchObject({
      protocol: "http/json",
      headers: { "x-tenant": "b", authorization: "Basic abc" },
      serviceName: "ops-prod",
      resourceAttributes: { "deployment.environment.name": "prod" },
      sampler: { name: "parentbased_traceidratio", ratio: 0.25 },
      timeoutMs: 2500,
      captureContent: true,
    });
    expect(readTelemetryConfig({ OTEL_TRACES_EXPORTER: "otlp" }).captureContent).toBe(false);
  });

  test("unsupported values are configuration errors, never a silent fallback", () => {
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" };
    for (const env of [
      { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      { ...on, OTEL_TRACES_SAMPLER: "jaeger_remote" },
      { ...on, OTEL_TRACES_SAMPLER_ARG: "2" },
      { ...on, OTEL_EXPORTER_OTLP_HEADERS: "novalue" },
      { OTEL_TRACES_EXPORTER: "zipkin" },
      { AGENT_OBSERVABILITY_ENABLED: "true" },
    ]) {
      expect(thrown(() => readTelemetryConfig(env)).code).toBe("E_CONFIG");
    }
  });

  test("AgentCore: AGENT_OBSERVABILITY_ENABLED without an endpoint exports to the region's X-Ray OTLP endpoint, signed", () => {
    expect(
      readTelemetryConfig({ AGENT_OBSERVABILITY_ENABLED: "true", AWS_REGION: "eu-central-1" }),
    ).toMatchObject({
      enabled: true,
      url: "https://xray.eu-central-1.amazonaws.com/v1/traces",
      protocol: "http/protobuf",
      sign: { service: "xray", region: "eu-central-1" },
    });
    // The region may come from the runtime ARN AgentCore's ADOT setup puts in the resource attributes.
    const arn = "arn:aws:bedrock-agentcore:us-west-2:111122223333:runtime/ops_agent-abc";
    const fromArn = readTelemetryConfig({
      AGENT_OBSERVABILITY_ENABLED: "true",
      OTEL_RESOURCE_ATTRIBUTES: `cloud.resource_id=${encodeURIComponent(arn)}`,
    });
    expect(fromArn.url).toBe("https://xray.us-west-2.amazonaws.com/v1/traces");
    // An endpoint of one's own wins: a collector sidecar, unsigned.
    const own = readTelemetryConfig({
      AGENT_OBSERVABILITY_ENABLED: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://adot:4318",
    });
    expect(own.url).toBe("http://adot:4318/v1/traces");
    expect(own.sign).toBeUndefined();
  });
});
