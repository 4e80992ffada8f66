import { spawnSync } from "node:child_process";

/**
 * Tests that need python3 (moto, boto3, cfn-lint) call this first. Locally a missing tool skips the
 * test with a loud reason; in CI (CI set) it fails, so a green CI never hides a skipped suite.
 */
const checked = new Map<string, string | undefined>();

function missing(what: string, probe: () => boolean): string | undefined {
  if (!checked.has(what)) checked.set(what, probe() ? undefined : what);
  return checked.get(what);
}

export function requirePython(modules: string[] = []): boolean {
  const absent = missing(`python3 ${modules.join(",")}`, () => {
    const r = spawnSync("python3", ["-c", modules.map((m) => `import ${m}`).join(";") || "pass"], {
      stdio: "ignore",
    });
    return r.status === 0;
  });
  return report(absent);
}

export function requireCommand(command: string, args: string[] = ["--version"]): boolean {
  const absent = missing(command, () => spawnSync(command, args, { stdio: "ignore" }).status === 0);
  return report(absent);
}

function report(absent: string | undefined): boolean {
  if (!absent) return true;
  const message = `MISSING TOOL: ${absent} is not installed; the tests that need it are SKIPPED`;
  if (process.env.CI) throw new Error(`${message} — CI must install it (.ci/run)`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}
