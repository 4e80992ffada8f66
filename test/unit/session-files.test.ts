// Issue 17: `ask --session` files are owner-only under a checked 0700 state directory; without HOME
// the command fails instead of writing under /tmp (the old main wrote /tmp/.local/state/...).
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionFiles, ensureStateDir, stateRoot } from "../../src/cli/session-files.ts";
import { silentLogger } from "../../src/log.ts";
import { thrown } from "../helpers/thrown.ts";

const fresh = () => mkdtempSync(join(tmpdir(), "ops-agent-state-test-"));

describe("state directory", () => {
  test("HOME and XDG_STATE_HOME unset: a clear E_CONFIG, nothing under /tmp", () => {
    const error = thrown(() => stateRoot({}));
    expect(error.code).toBe("E_CONFIG");
    expect(error.message).toContain("HOME");
    expect(thrown(() => createSessionFiles({}, silentLogger)).code).toBe("E_CONFIG");
  });

  test("created 0700 (root and sub-directory); files are 0600", () => {
    const home = fresh();
    const files = createSessionFiles({ HOME: home }, silentLogger);
    files.write("s-1", [[{ role: "user", content: [{ text: "hi" }] }]]);
    const root = join(home, ".local", "state", "ops-agent");
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "sessions")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "sessions", "s-1.json")).mode & 0o777).toBe(0o600);
    expect(files.read("s-1")).toHaveLength(1);
  });

  test("a world-readable state directory is refused", () => {
    const state = fresh();
    mkdirSync(join(state, "ops-agent"), { mode: 0o755 });
    chmodSync(join(state, "ops-agent"), 0o755);
    const error = thrown(() => ensureStateDir({ XDG_STATE_HOME: state }, "sessions"));
    expect(error.code).toBe("E_CONFIG");
    expect(error.message).toContain("open to group or others");
  });

  test("a symlinked state directory is refused", () => {
    const state = fresh();
    const elsewhere = fresh();
    symlinkSync(elsewhere, join(state, "ops-agent"));
    expect(thrown(() => ensureStateDir({ XDG_STATE_HOME: state }, "sessions")).message).toContain(
      "symbolic link",
    );
  });

  test("a session id cannot leave the directory; a symlinked or readable session file is not read", () => {
    const state = fresh();
    const files = createSessionFiles({ XDG_STATE_HOME: state }, silentLogger);
    for (const id of ["../escape", "a/b", ".hidden", ""])
      expect(thrown(() => files.write(id, [])).code).toBe("E_USAGE");
    const dir = join(state, "ops-agent", "sessions");
    const planted = join(state, "planted.json");
    writeFileSync(planted, "[[]]");
    symlinkSync(planted, join(dir, "linked.json"));
    expect(files.read("linked")).toEqual([]);
    writeFileSync(join(dir, "open.json"), "[[]]", { mode: 0o644 });
    chmodSync(join(dir, "open.json"), 0o644);
    expect(files.read("open")).toEqual([]);
  });
});
