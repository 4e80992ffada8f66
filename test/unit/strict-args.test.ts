import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { checkFlags } from "../../src/cli/strict-args.ts";
import { thrown } from "../helpers/thrown.ts";

const def = {
  tool: { type: "positional" },
  accounts: { type: "string", alias: ["account"] },
  sandbox: { type: "boolean" },
} as const satisfies ArgsDef;

const message = (args: string[]) => thrown(() => checkFlags(args, def, "call")).message;

describe("checkFlags", () => {
  test("long flags, their aliases and --no- switches pass", () => {
    expect(() =>
      checkFlags(["x", "--accounts", "prod", "--account=dev", "--sandbox", "--no-sandbox"], def, "call"),
    ).not.toThrow();
  });

  test.each([
    [["x", "-accounts", "prod"], "unknown flag -accounts for call (did you mean --accounts?)"],
    [["x", "-account=prod"], "unknown flag -account for call (did you mean --account?)"],
    [["x", "-acounts", "prod"], "unknown flag -acounts for call (did you mean --accounts?)"],
    [["x", "-sandbox"], "unknown flag -sandbox for call (did you mean --sandbox?)"],
    [["x", "-zz"], "unknown flag -zz for call"],
  ])("one dash before a long name is refused: %p", (args, expected) => {
    expect(message(args)).toBe(expected);
  });
});
