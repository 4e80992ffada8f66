import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const BINARY = join(ROOT, "dist", "ops-agent");

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI child process: the parent's without AWS_* and OPS_AGENT_* (they never leak in),
 * then `extra`, with colours and IMDS off.
 */
export function childEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(AWS_|OPS_AGENT_)/.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  env.NO_COLOR = "1";
  env.AWS_EC2_METADATA_DISABLED = "true";
  return env;
}

/** Runs the CLI from source (`bun src/cli/main.ts`), as a user would with `npm start --`. */
export function runSource(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env ?? {}),
    encoding: "utf8",
    input: options.input,
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ops-agent when it is missing or older than the sources (CI builds it before the tests). */
export function ensureBinary(): string {
  const stale = () =>
    statSync(BINARY).mtimeMs < Math.max(newestSource(join(ROOT, "src")), newestSource(join(ROOT, "plugins")));
  if (!existsSync(BINARY) || stale()) {
    const r = spawnSync(process.execPath, ["run", join(ROOT, "scripts/build.ts")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
  }
  return BINARY;
}

export function runBinary(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): CliResult {
  const r = spawnSync(ensureBinary(), args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env ?? {}),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
