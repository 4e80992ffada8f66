import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Tests that need an external tool (python3 with moto/boto3/botocore, cfn-lint, shellcheck, aws,
 * qemu-aarch64-static, …) pass one of these to `test.skipIf(!…)` / `describe.skipIf(!…)`, never an early
 * `return` inside the test (that reports a test that checked nothing as passed). Locally a missing tool
 * makes the test SKIPPED with a loud reason; in CI (`CI` set) it throws, so a green CI never hides a
 * skipped suite. Each probe runs once per process.
 */
const checked = new Map<string, boolean>();

function probeOnce(what: string, probe: () => boolean): boolean {
  if (!checked.has(what)) checked.set(what, probe());
  return report(checked.get(what)!, what);
}

/** python3 can import every module named. */
export function requirePython(modules: string[] = []): boolean {
  return probeOnce(`python3 ${modules.join(",")}`, () => {
    const code = modules.map((m) => `import ${m}`).join(";") || "pass";
    return spawnSync("python3", ["-c", code], { stdio: "ignore" }).status === 0;
  });
}

/** `command args…` runs and exits 0. */
export function requireCommand(command: string, args: string[] = ["--version"]): boolean {
  return probeOnce(command, () => spawnSync(command, args, { stdio: "ignore" }).status === 0);
}

/** A file a package provides exists (e.g. an aarch64 glibc from libc6-arm64-cross). */
export function requireFile(path: string, packageName: string): boolean {
  return probeOnce(`${packageName} (${path})`, () => existsSync(path));
}

/** Any other precondition, named as what is missing when it does not hold. */
export function requireThat(holds: boolean, what: string): boolean {
  return report(holds, what);
}

function report(present: boolean, what: string): boolean {
  if (present) return true;
  const message = `MISSING TOOL: ${what} is not available; the tests that need it are SKIPPED`;
  if (process.env.CI) throw new Error(`${message} — CI must install it (.ci/run)`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}
