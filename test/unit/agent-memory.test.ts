import { describe, expect, test } from "bun:test";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { approxTokens, createSessionMemory } from "../../src/agent/memory.ts";

const settings = { max_turns: 3, max_tokens: 1_000_000, max_sessions: 2, idle_ttl_seconds: 60 };

/** A turn with a tool use and its result: the pair must never be split. */
function turn(n: number, size = 10): Message[] {
  return [
    { role: "user", content: [{ text: `question ${n}` }] },
    { role: "assistant", content: [{ toolUse: { toolUseId: `t${n}`, name: "list_accounts", input: {} } }] },
    {
      role: "user",
      content: [{ toolResult: { toolUseId: `t${n}`, content: [{ text: "x".repeat(size) }] } }],
    },
    { role: "assistant", content: [{ text: `answer ${n}` }] },
  ];
}

const questions = (messages: Message[]) =>
  messages.flatMap((m) => (m.content?.[0]?.text?.startsWith("question") ? [m.content[0].text] : []));

describe("session memory", () => {
  test("keeps the last max_turns whole turns", () => {
    const memory = createSessionMemory(settings);
    for (let n = 1; n <= 5; n++) memory.commit("s", turn(n));
    const history = memory.history("s");
    expect(questions(history)).toEqual(["question 3", "question 4", "question 5"]);
    expect(history).toHaveLength(12);
    expect(history[0]!.role).toBe("user");
    const uses = history
      .flatMap((m) => m.content ?? [])
      .filter((b) => b.toolUse)
      .map((b) => b.toolUse!.toolUseId);
    const results = history
      .flatMap((m) => m.content ?? [])
      .filter((b) => b.toolResult)
      .map((b) => b.toolResult!.toolUseId);
    expect(uses).toEqual(results);
  });

  test("drops the oldest turns to stay within the token budget, keeping at least the newest", () => {
    const budget = approxTokens(turn(1, 4000)) * 2 + 10;
    const memory = createSessionMemory({ ...settings, max_turns: 100, max_tokens: budget });
    for (let n = 1; n <= 4; n++) memory.commit("s", turn(n, 4000));
    expect(questions(memory.history("s"))).toEqual(["question 3", "question 4"]);
    memory.commit("s", turn(5, 40_000));
    expect(questions(memory.history("s"))).toEqual(["question 5"]);
  });

  test("forgets the least recently used session beyond max_sessions", () => {
    const memory = createSessionMemory(settings);
    memory.commit("a", turn(1));
    memory.commit("b", turn(2));
    memory.commit("a", turn(3));
    memory.commit("c", turn(4));
    expect(memory.history("b")).toEqual([]);
    expect(questions(memory.history("a"))).toEqual(["question 1", "question 3"]);
    expect(memory.size()).toBe(2);
  });

  test("forgets a session idle longer than idle_ttl_seconds", () => {
    let clock = 0;
    const memory = createSessionMemory(settings, () => clock);
    memory.commit("a", turn(1));
    clock = 59_000;
    expect(memory.history("a")).toHaveLength(4);
    memory.commit("a", turn(2));
    clock = 59_000 + 61_000;
    expect(memory.history("a")).toEqual([]);
    expect(memory.size()).toBe(0);
  });

  test("sessions are independent", () => {
    const memory = createSessionMemory(settings);
    memory.commit("a", turn(1));
    expect(memory.history("b")).toEqual([]);
    memory.forget("a");
    expect(memory.history("a")).toEqual([]);
  });
});
