import { expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { unpackToolResult } from "../../src/mcp/result.ts";

test("structuredContent wins over text", () => {
  expect(
    unpackToolResult("t", { structuredContent: { a: 1 }, content: [{ type: "text", text: "[]" }] }),
  ).toEqual({
    value: { a: 1 },
    from: "structured",
    text: "[]",
  });
});

test("text parsed as JSON, else kept as text; non-text parts ignored", () => {
  expect(
    unpackToolResult("t", {
      content: [{ type: "image" }, { type: "text", text: "[1," }, { type: "text", text: "2]" }],
    }).value,
  ).toEqual([1, 2]);
  expect(unpackToolResult("t", { content: [{ type: "text", text: "hello" }] })).toEqual({
    value: "hello",
    from: "text",
    text: "hello",
  });
});

test("isError becomes E_MCP_TOOL with the server's text, credentials redacted", () => {
  let error: unknown;
  try {
    unpackToolResult("aws___run_script", {
      isError: true,
      content: [{ type: "text", text: "AccessDenied for AKIAABCDEFGHIJKLMNOP" }],
    });
  } catch (e) {
    error = e;
  }
  expect(isOpsError(error, "E_MCP_TOOL")).toBe(true);
  expect((error as Error).message).toBe("aws___run_script failed: AccessDenied for ****MNOP");
});
