import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Where tests live (AGENTS.md, "Where tests go"): test/unit opens no socket and spawns no process,
// and neither test folder holds a module that is not a test (helpers live in test/helpers).
const TEST = join(import.meta.dir, "..");
const files = (dir: string) => readdirSync(join(TEST, dir));

/** What opens a socket or spawns a process, directly or through a helper that does. */
const INTEGRATION_ONLY = [
  /\bBun\.(serve|spawn|spawnSync|connect|listen)\(/,
  /from "node:(child_process|net|http|https|http2)"/,
  /\bstartSandbox\(/,
  /from "\.\.\/fakes\/(bedrock|mcp-server|moto|otlp-receiver|sso-portal)\.ts"/,
  /from "\.\.\/helpers\/(cli|spawn-cli|fixture-report|call-harness|call-e2e|python-scripts|sandbox-wire)\.ts"/,
];

describe("test layout", () => {
  test("test/unit and test/integration hold only *.test.ts files", () => {
    const strays = ["unit", "integration"].flatMap((dir) =>
      files(dir)
        .filter((name) => !name.endsWith(".test.ts"))
        .map((name) => `${dir}/${name}`),
    );
    expect(strays).toEqual([]);
  });

  test("no test in test/unit opens a socket or spawns a process", () => {
    const found = files("unit").flatMap((name) => {
      const text = readFileSync(join(TEST, "unit", name), "utf8");
      return INTEGRATION_ONLY.filter((pattern) => pattern.test(text)).map((pattern) => `${name}: ${pattern}`);
    });
    expect(found).toEqual([]);
  });
});
