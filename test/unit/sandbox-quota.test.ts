import { describe, expect, test } from "bun:test";
import { parseSandboxProfile, sandboxProfile } from "../../src/sandbox/mcp-profile.ts";
import { createQuotaGate, onBodyDone } from "../../src/sandbox/mcp-quota.ts";
import { thrown } from "../helpers/thrown.ts";

describe("sandbox quota gate (per signing account per Region)", () => {
  const quota = { ratePerSecond: 3, burst: 5, maxConnections: 2, maxSessions: 1 };

  test("a burst, then 3 per second; a refused request costs no token and says when to retry", async () => {
    let t = 0;
    const gate = createQuotaGate({ ...quota, maxConnections: 100 }, () => t);
    for (let i = 0; i < 5; i++) expect(gate.admit("a/us-east-1").ok).toBe(true);
    const refused = gate.admit("a/us-east-1");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toBe("1");
    expect(refused.response.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    expect(await refused.response.json()).toEqual({
      __type: "ThrottlingException",
      message: "Rate exceeded",
    });
    // Another account, or the same account in another Region, has its own bucket.
    expect(gate.admit("b/us-east-1").ok).toBe(true);
    expect(gate.admit("a/eu-west-1").ok).toBe(true);
    t = 334; // one token back after a third of a second
    expect(gate.admit("a/us-east-1").ok).toBe(true);
    expect(gate.admit("a/us-east-1").ok).toBe(false);
    expect(gate.throttled).toBe(2);
  });

  test("at most maxConnections in flight; an answer read to the end frees its connection", async () => {
    let t = 0;
    const gate = createQuotaGate(quota, () => (t += 1000));
    const first = gate.admit("a/us-east-1");
    const second = gate.admit("a/us-east-1");
    expect([first.ok, second.ok]).toEqual([true, true]);
    const third = gate.admit("a/us-east-1");
    expect(third.ok).toBe(false);
    if (!first.ok || third.ok) return;
    expect(await third.response.json()).toMatchObject({ __type: "ThrottlingException" });
    const answer = onBodyDone(new Response("done"), first.release);
    expect(gate.admit("a/us-east-1").ok).toBe(false);
    expect(await answer.text()).toBe("done");
    expect(gate.admit("a/us-east-1").ok).toBe(true);
  });

  test("an initialize beyond the session quota is a 429 too", async () => {
    const gate = createQuotaGate(quota, () => 0);
    expect(gate.refuseSession(0)).toBeUndefined();
    const refused = gate.refuseSession(1);
    expect(refused?.status).toBe(429);
    expect(await refused?.json()).toEqual({
      __type: "ThrottlingException",
      message: "Too many active sessions (limit 1)",
    });
    expect(gate.throttled).toBe(1);
  });

  test("a cancelled answer frees its connection too", async () => {
    const gate = createQuotaGate({ ...quota, maxConnections: 1 }, () => 0);
    const only = gate.admit("a/us-east-1");
    if (!only.ok) throw new Error("refused");
    const stream = new ReadableStream({ pull: () => new Promise(() => {}) });
    await onBodyDone(new Response(stream), only.release).body?.cancel();
    expect(gate.admit("a/us-east-1").ok).toBe(true);
  });
});

describe("sandbox profiles", () => {
  test("realistic carries the published quotas; overrides change only what they name", () => {
    expect(sandboxProfile("realistic")).toMatchObject({
      quota: { ratePerSecond: 3, maxConnections: 27, maxSessions: 180 },
      scriptLatencyMs: 1500,
      envelope: "wrapped",
    });
    expect(sandboxProfile("realistic", { scriptLatencyMs: 200 }).quota?.ratePerSecond).toBe(3);
    expect(sandboxProfile()).toMatchObject({ name: "fast", scriptLatencyMs: 0, envelope: "bare" });
    expect(sandboxProfile().quota).toBeUndefined();
  });

  test("an unknown name is a usage error with did you mean", () => {
    expect(parseSandboxProfile("realistic")).toBe("realistic");
    const error = thrown(() => parseSandboxProfile("realstic"));
    expect(error.code).toBe("E_USAGE");
    expect(error.message).toContain('(did you mean "realistic"?)');
  });
});
