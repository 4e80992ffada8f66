import { expect, test } from "bun:test";
import { createLogger } from "../../src/log.ts";

test("fields without a value are left out, in pretty and JSON lines, from children too", () => {
  const lines: string[] = [];
  const write = (line: string) => lines.push(line);
  for (const format of ["pretty", "json"] as const) {
    const logger = createLogger({ level: "debug", format, write }).child({
      session: undefined,
      account: "1",
    });
    logger.debug("mcp http", { method: "initialize", tool: undefined, region: undefined, status: 200 });
  }
  expect(lines).toHaveLength(2);
  for (const line of lines) expect(line).not.toContain("undefined");
  expect(lines[0]).toBe("debug mcp http account=1 method=initialize status=200\n");
  expect(JSON.parse(lines[1]!)).toMatchObject({
    msg: "mcp http",
    account: "1",
    method: "initialize",
    status: 200,
  });
  expect(Object.keys(JSON.parse(lines[1]!))).not.toContain("tool");
});
