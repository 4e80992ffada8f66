import { afterEach, describe, expect, test } from "bun:test";
import { printError } from "../../src/cli/errors.ts";
import { OpsError } from "../../src/errors.ts";

const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** Captures what the printer writes to stderr (the process stream, not one of our functions). */
const original = process.stderr.write.bind(process.stderr);
let captured = "";
function capture(): void {
  captured = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    return true;
  }) as typeof process.stderr.write;
}
afterEach(() => {
  process.stderr.write = original;
});

describe("printError", () => {
  test("a user error: code and message, secrets redacted, hint kept, exit 2, never a stack", () => {
    capture();
    const error = new OpsError("E_CONFIG", `bad key ${ACCESS_KEY} with secret ${SECRET}`, {
      hint: `rotate ${ACCESS_KEY}`,
      cause: new Error("inner"),
    });
    const code = printError(error, { debug: true });
    expect(code).toBe(2);
    expect(captured).toBe(
      "error E_CONFIG: bad key ****MPLE with secret [redacted]\n  hint: rotate ****MPLE\n",
    );
  });

  test("an unexpected error is E_INTERNAL with exit 1; its stack only at debug level, redacted", () => {
    const thrown = new Error(`exploded near ${ACCESS_KEY}`);
    thrown.stack = `Error: exploded near ${ACCESS_KEY}\n    at secret (${SECRET}.ts:1:1)`;
    capture();
    expect(printError(thrown)).toBe(1);
    expect(captured).toBe("error E_INTERNAL: exploded near ****MPLE\n");
    capture();
    expect(printError(thrown, { debug: true })).toBe(1);
    expect(captured).toContain("    at secret ([redacted].ts:1:1)");
    expect(captured).not.toContain(ACCESS_KEY);
    expect(captured).not.toContain(SECRET);
  });

  test("JSON form for machine callers carries the same redaction", () => {
    capture();
    expect(printError(new OpsError("E_ASSUME_ROLE", `denied for ${ACCESS_KEY}`), { json: true })).toBe(1);
    expect(JSON.parse(captured)).toEqual({
      error: { code: "E_ASSUME_ROLE", message: "denied for ****MPLE" },
    });
  });
});
