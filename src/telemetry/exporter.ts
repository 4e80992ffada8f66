import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import type { TelemetryConfig } from "./config.ts";

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Adds authentication headers over the exact body bytes (SigV4 for the X-Ray OTLP endpoint). */
export type ExportSigner = (url: string, headers: Headers, body: Uint8Array) => Promise<Headers>;

export interface OtlpExporterOptions {
  config: Pick<TelemetryConfig, "url" | "protocol" | "headers" | "timeoutMs">;
  sign?: ExportSigner;
  fetch?: FetchLike;
  /** Told about a failed export (status or network error only: never the body or headers). */
  onError: (message: string) => void;
}

/** Statuses the OTLP/HTTP spec says to retry. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 3;

/**
 * OTLP/HTTP trace exporter on `fetch`: the SDK's own serializers (`@opentelemetry/otlp-transformer`,
 * the ones the stock exporters use) turn spans into `application/x-protobuf` or `application/json`
 * bodies; we own the request so the X-Ray endpoint's SigV4 signature can hash the exact bytes. Retries
 * 429/502/503/504 (Retry-After honoured) within the export timeout; a failure drops the batch.
 */
export function createOtlpExporter(options: OtlpExporterOptions): SpanExporter {
  const { url, protocol, headers, timeoutMs } = options.config;
  const json = protocol === "http/json";
  const serializer = json ? JsonTraceSerializer : ProtobufTraceSerializer;
  const contentType = json ? "application/json" : "application/x-protobuf";
  const send = options.fetch ?? fetch;
  /** For messages: user:password in the URL (some collectors take basic auth there) never reaches a log. */
  const shown = url.replace(/\/\/[^@/]*@/, "//");
  const pending = new Set<Promise<void>>();
  let stopped = false;

  async function post(body: Uint8Array, deadline: number): Promise<Response> {
    const base = new Headers(headers);
    base.set("content-type", contentType);
    const signed = options.sign ? await options.sign(url, base, body) : base;
    return send(url, {
      method: "POST",
      headers: signed,
      body,
      signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    });
  }

  async function exportSpans(spans: ReadableSpan[]): Promise<ExportResult> {
    const body = serializer.serializeRequest(spans);
    if (!body) return { code: ExportResultCode.FAILED, error: new Error("spans could not be serialized") };
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let retryAfter = 0;
      try {
        const response = await post(body, deadline);
        await response.arrayBuffer();
        if (response.ok) return { code: ExportResultCode.SUCCESS };
        status = response.status;
        retryAfter = Number(response.headers.get("retry-after")) * 1000 || 0;
      } catch (error) {
        const message = `trace export to ${shown} failed: ${(error as Error).name}`;
        return { code: ExportResultCode.FAILED, error: new Error(message) };
      }
      const delay = Math.max(retryAfter, 250 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      if (!RETRYABLE.has(status) || attempt >= MAX_ATTEMPTS || Date.now() + delay >= deadline) {
        return {
          code: ExportResultCode.FAILED,
          error: new Error(`trace export to ${shown} answered HTTP ${status}`),
        };
      }
      await Bun.sleep(delay);
    }
  }

  return {
    export(spans, done) {
      if (stopped) {
        done({ code: ExportResultCode.FAILED, error: new Error("the exporter is shut down") });
        return;
      }
      const run = exportSpans(spans).then((result) => {
        if (result.error) options.onError(result.error.message);
        done(result);
      });
      pending.add(run);
      run.finally(() => pending.delete(run));
    },
    async forceFlush() {
      await Promise.all(pending);
    },
    async shutdown() {
      stopped = true;
      await Promise.all(pending);
    },
  };
}
