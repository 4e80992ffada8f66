import { describe, expect, test } from "bun:test";
import { verifySigV4 } from "../../src/sandbox/sigv4.ts";
import { readTelemetryConfig } from "../../src/telemetry/config.ts";
import { createOtlpExporter } from "../../src/telemetry/exporter.ts";
import { createXraySigner } from "../../src/telemetry/xray.ts";
import { startOtlpReceiver } from "../fakes/otlp-receiver.ts";

describe("the X-Ray export is SigV4-signed (service xray) over the exact body bytes", () => {
  test("a SigV4 verifier (the AWS SDK's own signer) accepts the export; the secret and token stay out of the body", async () => {
    const receiver = startOtlpReceiver();
    const key = {
      accessKeyId: "ASIAEXAMPLEEXPORTKEY",
      secretAccessKey: "Xr4yS3cretKeyForTheExportTest0123456789ab",
      sessionToken: "FwoGZXIvYXdzEXPORT-session-token-example",
    };
    try {
      const exporter = createOtlpExporter({
        config: { url: `${receiver.url}/v1/traces`, protocol: "http/protobuf", headers: {}, timeoutMs: 5000 },
        sign: createXraySigner({ service: "xray", region: "us-west-2", credentials: async () => key }),
        onError: (message) => {
          throw new Error(message);
        },
      });
      const { createTracing } = await import("../../src/telemetry/sdk.ts");
      const { silentLogger } = await import("../../src/log.ts");
      const config = readTelemetryConfig({ OTEL_TRACES_EXPORTER: "otlp" });
      const tracing = createTracing(config, silentLogger, { exporter });
      await tracing.unit({ tool: "t", accountId: "111111111111", region: "us-west-2" }, async () => ({
        ok: true,
      }));
      await tracing.shutdown();
      expect(receiver.bodies).toHaveLength(1);
      const result = await verifySigV4(
        {
          method: "POST",
          url: `${receiver.url}/v1/traces`,
          headers: receiver.headers[0]!,
          body: receiver.bodies[0]!,
        },
        {
          service: "xray",
          region: "us-west-2",
          secretFor: (id) => (id === key.accessKeyId ? key : undefined),
        },
      );
      expect(result).toEqual({ ok: true, accessKeyId: key.accessKeyId, region: "us-west-2" });
      expect(receiver.spans.map((s) => s.name)).toEqual(["script t"]);
      expect(receiver.raw[0]).not.toContain(key.secretAccessKey);
      expect(receiver.raw[0]).not.toContain(key.sessionToken);
    } finally {
      receiver.stop();
    }
  });
});
