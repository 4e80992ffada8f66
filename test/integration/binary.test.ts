import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { runBinary, runSource } from "../helpers/cli.ts";

describe("the compiled binary", () => {
  test("--version prints the injected version", () => {
    const r = runBinary(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${pkg.version.replace(/\./g, "\\.")}(\\+[0-9a-f]+)?$`));
  });

  test("--help lists every subcommand", () => {
    const r = runBinary(["--help"]);
    expect(r.status).toBe(0);
    for (const name of [
      "accounts",
      "tools",
      "call",
      "ask",
      "serve",
      "mcp",
      "iam-policy",
      "doctor",
      "version",
    ]) {
      expect(r.stdout).toContain(name);
    }
  });

  test("a config error is as clear from the binary as from source: file, line, field; exit 2; no stack", () => {
    const cwd = mkdtempSync(join(tmpdir(), "ops-agent-bin-"));
    writeFileSync(join(cwd, "bad.yaml"), "region: us-east-1\nmcp:\n  timeuot_ms: 5\n");
    const fromBinary = runBinary(["accounts", "--config", "bad.yaml"], { cwd });
    const fromSource = runSource(["accounts", "--config", "bad.yaml"], { cwd });
    expect(fromBinary.status).toBe(2);
    expect(fromBinary.stderr).toContain(
      'bad.yaml:3:3 mcp.timeuot_ms: unknown key "timeuot_ms" (did you mean "timeout_ms"?)',
    );
    expect(fromBinary.stderr).not.toMatch(/\n\s+at /);
    expect(fromBinary.stderr).toBe(fromSource.stderr);
    expect(fromSource.status).toBe(2);
  });

  test("serve with a bad settings file or registry fails start-up with exit 2 before it listens", () => {
    // The validators are compiled ahead of time (src/config/validators.generated.ts): cheap enough to
    // keep before the port opens, so a broken deployment never answers a health check.
    const cwd = mkdtempSync(join(tmpdir(), "ops-agent-bin-serve-"));
    writeFileSync(join(cwd, "bad.yaml"), "region: us-east-1\nauth:\n  mdoe: iam\n");
    writeFileSync(join(cwd, "ok.yaml"), "region: us-east-1\naccounts: reg.yaml\nauth:\n  mode: iam\n");
    writeFileSync(
      join(cwd, "reg.yaml"),
      'accounts:\n  - id: "222222222222"\n    name: prod\n    regions: [mars-1]\n',
    );
    const settings = runBinary(["serve", "--config", "bad.yaml", "--port", "0"], { cwd });
    expect(settings.status).toBe(2);
    expect(settings.stderr).toContain('bad.yaml:3:3 auth.mdoe: unknown key "mdoe" (did you mean "mode"?)');
    const registry = runBinary(["serve", "--config", "ok.yaml", "--port", "0"], { cwd });
    expect(registry.status).toBe(2);
    expect(registry.stderr).toContain('reg.yaml:4:15 accounts[0].regions[0]: unknown AWS region "mars-1"');
    for (const r of [settings, registry]) expect(r.stderr).not.toContain("listening");
  });

  test("an unknown subcommand is a usage error (exit 2)", () => {
    const r = runBinary(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("E_USAGE");
  });

  test("ignores .env and bunfig.toml in the working directory (source `bun` does not: the control)", () => {
    const cwd = mkdtempSync(join(tmpdir(), "ops-agent-autoload-"));
    writeFileSync(join(cwd, ".env"), "OPS_AGENT_LOG_LEVEL=debug\nAWS_REGION=not_a_region\n");
    writeFileSync(join(cwd, "bunfig.toml"), 'preload = ["./preload.ts"]\n');
    writeFileSync(join(cwd, "preload.ts"), 'process.stderr.write("BUNFIG PRELOADED\\n");\n');
    const args = ["--sandbox", "accounts", "--check"];
    const fromBinary = runBinary(args, { cwd });
    expect(fromBinary.status).toBe(0);
    expect(fromBinary.stdout).toContain("5/5 accounts ok");
    expect(fromBinary.stderr).not.toContain("BUNFIG PRELOADED");
    expect(fromBinary.stderr).not.toContain("debug");
    expect(fromBinary.stderr).not.toContain("not_a_region");
    // The same files do change a source run, so the assertions above can fail.
    const fromSource = runSource(args, { cwd });
    expect(fromSource.stderr).toContain("BUNFIG PRELOADED");
    expect(fromSource.stderr).toContain('unknown AWS region "not_a_region"');
    expect(fromSource.status).toBe(2);
  });
});
