import { join } from "node:path";
import { childEnv } from "./cli.ts";

/**
 * Runs `test/fixtures/<path>` in a Bun process of its own and parses the JSON line it prints last.
 * For measurements that are process-wide (RSS): the test runner shares one process with every
 * other test file. A non-zero exit fails with the child's stderr.
 */
export async function runFixtureReport<T>(path: string, env: Record<string, string> = {}): Promise<T> {
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "fixtures", path)], {
    env: childEnv(env),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, status] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (status !== 0) throw new Error(`${path} exited ${status}: ${err}`);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "") as T;
}
