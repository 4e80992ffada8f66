// test/helpers/require.ts, through the real test runner: a test whose tool is missing is reported as
// skipped (never passed) locally, and fails the run when CI is set.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HELPER = join(import.meta.dir, "../helpers/require.ts");
const dir = mkdtempSync(join(tmpdir(), "require-"));
writeFileSync(
  join(dir, "tools.test.ts"),
  `import { describe, expect, test } from "bun:test";
import { requireCommand, requireFile, requirePython, requireThat } from ${JSON.stringify(HELPER)};
test.skipIf(!requireCommand("ops-agent-no-such-tool"))("needs a missing command", () => expect(1).toBe(1));
test.skipIf(!requireFile("/nonexistent/ld.so", "libc6-nothing"))("needs a missing file", () => expect(1).toBe(1));
test.skipIf(!requireThat(false, "a precondition"))("needs a precondition", () => expect(1).toBe(1));
describe.skipIf(!requirePython(["ops_agent_no_such_module"]))("needs a missing module", () => {
  test("inside", () => expect(1).toBe(1));
});
test.skipIf(!requireCommand("${process.execPath}"))("needs a present command", () => expect(1).toBe(1));
`,
);

function runTests(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ["test", "tools.test.ts"], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe("requireCommand / requirePython / requireFile / requireThat", () => {
  test("locally: missing tools are skipped and named, a present one runs", () => {
    const r = runTests({});
    expect(r.output).toMatch(/\b1 pass\b/);
    expect(r.output).toMatch(/\b4 skip\b/);
    expect(r.output).toMatch(/\b0 fail\b/);
    for (const what of [
      "ops-agent-no-such-tool",
      "libc6-nothing",
      "a precondition",
      "python3 ops_agent_no_such_module",
    ])
      expect(r.output).toContain(`MISSING TOOL: ${what}`);
    expect(r.status).toBe(0);
  });

  test("in CI: a missing tool fails the run", () => {
    const r = runTests({ CI: "true" });
    expect(r.output).toContain("CI must install it");
    expect(r.output).not.toMatch(/\b1 pass\b/);
    expect(r.status).not.toBe(0);
  });
});
