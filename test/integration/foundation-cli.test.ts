import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runSource } from "../helpers/cli.ts";
import { requireCommand } from "../helpers/require.ts";

const ESC = "\x1b[";
/** `--sandbox accounts --check` assumes a role per account and logs each at debug level. */
const CHECK = ["--sandbox", "accounts", "--check"];

describe("global flags before and after the subcommand", () => {
  test("--log-level debug works in either position; the default level hides debug lines", () => {
    const before = runSource(["--log-level", "debug", ...CHECK]);
    const after = runSource([...CHECK, "--log-level", "debug"]);
    const quiet = runSource(CHECK);
    for (const r of [before, after, quiet]) expect(r.status).toBe(0);
    expect(before.stderr).toMatch(/^debug assuming role /m);
    expect(after.stderr).toMatch(/^debug assuming role /m);
    expect(quiet.stderr).not.toContain("debug");
  });

  test("--log-format json in either position gives JSON lines", () => {
    for (const args of [
      ["--log-format", "json", "--log-level=debug", ...CHECK],
      [...CHECK, "--log-format=json", "--log-level", "debug"],
    ]) {
      const r = runSource(args);
      expect(r.status).toBe(0);
      const lines = r.stderr
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map((l) => JSON.parse(l).msg)).toContain("assuming role");
    }
  });

  test("a bad --log-level is a usage error (exit 2) in either position", () => {
    for (const args of [
      ["--log-level", "loud", "accounts"],
      ["accounts", "--log-level", "loud"],
    ]) {
      const r = runSource(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        'E_USAGE: --log-level must be one of silent, error, warn, info, debug, trace (got "loud")',
      );
    }
  });
});

describe("NO_COLOR on a terminal", () => {
  /** Runs the CLI under a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs. */
  function onTerminal(args: string[], noColor: boolean): string {
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: tmpdir(), TERM: "xterm" };
    if (noColor) env.NO_COLOR = "1";
    const command = [process.execPath, join(ROOT, "src/cli/main.ts"), ...args].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    return r.stdout;
  }

  test.skipIf(!requireCommand("script", ["-V"]))(
    "usage text and log lines are coloured unless NO_COLOR is set",
    () => {
      expect(onTerminal(["--help"], false)).toContain(ESC);
      expect(onTerminal(["--help"], true)).not.toContain(ESC);
      const coloured = onTerminal([...CHECK, "--log-level", "debug"], false);
      expect(coloured).toContain(`${ESC}90mdebug`);
      const plain = onTerminal([...CHECK, "--log-level", "debug"], true);
      expect(plain).toMatch(/^debug assuming role /m);
      expect(plain).not.toContain(ESC);
    },
  );
});

describe("the top-level error printer", () => {
  test("redacts access keys and secrets from messages; exit 2 for config errors; no stack", () => {
    const cwd = mkdtempSync(join(tmpdir(), "ops-agent-redact-"));
    const accessKey = "AKIAIOSFODNN7EXAMPLE";
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    // A pasted credential as a key is an "unknown key" problem whose message quotes it.
    writeFileSync(join(cwd, "s.yaml"), `region: us-east-1\n${accessKey}: 1\nauth:\n  ${secret}: 2\n`);
    const r = runSource(["accounts", "--config", "s.yaml"], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error E_CONFIG: invalid configuration:");
    expect(r.stderr).toContain('s.yaml:2:1 ****MPLE: unknown key "****MPLE"');
    expect(r.stderr).toContain('s.yaml:4:3 auth.[redacted]: unknown key "[redacted]"');
    expect(r.stderr).not.toContain(accessKey);
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
