import { afterAll, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { readTelemetryConfig } from "../../src/telemetry/config.ts";
import { startTelemetry, stopTelemetry } from "../../src/telemetry/index.ts";
import { startOtlpReceiver } from "../fakes/otlp-receiver.ts";
import { account } from "../fixtures/call/org.ts";
import { startHarness } from "../helpers/call-harness.ts";

/**
 * The MCP request span counts what the retry layer did: the real executor, MCP pool and SigV4 signing
 * against the fake MCP server, which throttles one account twice and fails the other for good.
 */
const receiver = startOtlpReceiver();
afterAll(() => receiver.stop());

test("429s and retries land on the MCP request span, the error code on the unit span, units on execute_tool", async () => {
  const [throttled, broken] = [account(1), account(2)];
  const seen = new Map<string, number>();
  await startTelemetry(readTelemetryConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }), silentLogger);
  const h = await startHarness({
    accounts: [throttled, broken],
    mcp: { max_retries: 3, retry_budget_ms: 10_000 },
    faults: (r) => {
      if (r.method !== "tools/call") return undefined;
      const n = (seen.get(r.accountId) ?? 0) + 1;
      seen.set(r.accountId, n);
      if (r.accountId === throttled.id && n <= 2) return { status: 429, headers: { "retry-after": "0" } };
      if (r.accountId === broken.id) return { status: 500 };
      return undefined;
    },
  });
  try {
    const call = await h.executor.invoke("ec2_describe_instances", {
      accounts: "all",
      regions: ["us-east-1"],
    });
    expect(call.summary).toMatchObject({ units: 2, ok: 1, failed: 1 });
  } finally {
    await h.close();
    await stopTelemetry();
  }
  const spans = receiver.spans;
  const of = (name: string, id: string) =>
    spans.find((s) => s.name === name && s.attributes["cloud.account.id"] === id)!;
  const unitOf = (id: string) => of("unit ec2_describe_instances", id);
  const scriptOf = (id: string) => of("script ec2_describe_instances", id);
  const requestOf = (id: string) =>
    spans.find((s) => s.name === "tools/call aws___run_script" && s.parentSpanId === scriptOf(id).spanId)!;
  for (const id of [throttled.id, broken.id]) expect(unitOf(id).parentSpanId).toBe(scriptOf(id).spanId);
  expect(requestOf(throttled.id).attributes).toMatchObject({
    "http.response.status_code": 200,
    "ops_agent.http.attempts": 3,
    "ops_agent.http.retries": 2,
    "ops_agent.http.throttled": 2,
  });
  expect(unitOf(throttled.id).status.code).toBe(0);
  expect(requestOf(broken.id).attributes).toMatchObject({
    "http.response.status_code": 500,
    "ops_agent.http.throttled": 0,
  });
  expect(requestOf(broken.id).attributes["ops_agent.http.retries"]).toBeGreaterThan(0);
  expect(requestOf(broken.id).status.code).toBe(2); // ERROR
  expect(unitOf(broken.id).attributes["error.type"]).toBe("E_MCP_UNAVAILABLE");
  expect(unitOf(broken.id).status.code).toBe(2);
  expect(scriptOf(broken.id).attributes["error.type"]).toBe("E_MCP_UNAVAILABLE");
  const [tool] = spans.filter((s) => s.name === "execute_tool ec2_describe_instances");
  expect(tool!.attributes).toMatchObject({
    "ops_agent.units": 2,
    "ops_agent.units.ok": 1,
    "ops_agent.units.failed": 1,
  });
  expect(tool!.parentSpanId).toBe("");
  expect(tool!.status.code).toBe(0); // partial, not failed
});
