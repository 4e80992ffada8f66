import { describe, expect, test } from "bun:test";
import { parseInvocation, SESSION_HEADER, wantsStream } from "../../src/server/invocation.ts";
import { createPingState } from "../../src/server/ping.ts";
import { HttpError } from "../../src/server/respond.ts";

describe("createPingState", () => {
  test("stamps integer seconds at each status change and never in between", () => {
    let ms = 1_700_000_000_900;
    const ping = createPingState(() => ms);
    expect(ping.snapshot()).toEqual({ status: "Healthy", time_of_last_update: 1_700_000_000 });
    ms += 60_000;
    expect(ping.snapshot().time_of_last_update).toBe(1_700_000_000);
    const end1 = ping.begin();
    expect(ping.snapshot()).toEqual({ status: "HealthyBusy", time_of_last_update: 1_700_000_060 });
    ms += 5_000;
    const end2 = ping.begin();
    end1();
    expect(ping.snapshot()).toEqual({ status: "HealthyBusy", time_of_last_update: 1_700_000_060 });
    ms += 5_000;
    end2();
    end2(); // ending twice must not count twice
    expect(ping.active()).toBe(0);
    expect(ping.snapshot()).toEqual({ status: "Healthy", time_of_last_update: 1_700_000_070 });
  });
});

describe("parseInvocation", () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init);

  test("accepts both payload shapes and reads the session header in any case", () => {
    expect(parseInvocation({ prompt: "hi" }, headers())).toEqual({ prompt: "hi", sessionId: undefined });
    expect(
      parseInvocation(
        { input: { prompt: "hi" } },
        headers({ "X-AMZN-Bedrock-AgentCore-Runtime-Session-Id": "s-1" }),
      ),
    ).toEqual({
      prompt: "hi",
      sessionId: "s-1",
    });
    expect(parseInvocation({ prompt: "hi", session_id: "body" }, headers())).toEqual({
      prompt: "hi",
      sessionId: "body",
    });
    expect(
      parseInvocation({ prompt: "hi", session_id: "body" }, headers({ [SESSION_HEADER]: "hdr" })).sessionId,
    ).toBe("hdr");
    expect(parseInvocation({ prompt: "hi", sessionId: "ts-sdk" }, headers()).sessionId).toBe("ts-sdk");
  });

  test.each([
    ["a string", "hi"],
    ["an array", [{ prompt: "hi" }]],
    ["null", null],
    ["no prompt", { question: "hi" }],
    ["an empty prompt", { prompt: "  " }],
    ["a numeric prompt", { prompt: 42 }],
    ["a non-string input.prompt", { input: { prompt: ["x"] } }],
    ["a numeric session_id", { prompt: "hi", session_id: 7 }],
    ["an object sessionId", { prompt: "hi", sessionId: {} }],
    ["a session id with control characters", { prompt: "hi", session_id: "a\nb" }],
  ])("rejects %s with 400", (_, payload) => {
    let caught: unknown;
    try {
      parseInvocation(payload, headers());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HttpError);
    expect((caught as HttpError).status).toBe(400);
  });

  test("SSE is chosen by Accept", () => {
    expect(wantsStream(headers({ Accept: "text/event-stream, application/json" }))).toBe(true);
    expect(wantsStream(headers({ accept: "application/json" }))).toBe(false);
    expect(wantsStream(headers())).toBe(false);
  });
});
