import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv, ROOT } from "../helpers/cli.ts";

// `ops-agent accounts … | head`: the reader leaves before the output is written. The CLI stops
// quietly with the status a shell gives a process SIGPIPE ended (141), not an EPIPE stack trace.
test("a reader that closes the pipe early: exit 141, nothing on stderr", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ops-agent-pipe-"));
  const cli = `"${process.execPath}" "${join(ROOT, "src/cli/main.ts")}" accounts --sandbox-accounts 300`;
  const proc = Bun.spawn(
    ["bash", "-c", `${cli} 2>"$ERR_FILE" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`],
    {
      cwd: tmpdir(),
      env: childEnv({
        ERR_FILE: join(dir, "stderr"),
        XDG_STATE_HOME: dir,
      }),
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const status = (await new Response(proc.stdout).text()).trim();
  await proc.exited;
  const stderr = await Bun.file(join(dir, "stderr")).text();
  expect({ status, stderr }).toEqual({ status: "141", stderr: "" });
});
