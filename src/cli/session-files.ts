import {
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";

/**
 * The state directory, `$XDG_STATE_HOME/ops-agent` (default `~/.local/state/ops-agent`), and what
 * lives in it: `ask --session` conversations now, caches of other commands through the same helper.
 * Every directory of ours is created 0700 and checked before use: a directory, not a symlink, owned
 * by this user, closed to group and others. Files are written 0600 through a temporary file and a
 * rename. Without `HOME` (and `XDG_STATE_HOME`) the command fails instead of writing under /tmp.
 */
export function stateRoot(env: Record<string, string | undefined>): string {
  const base = env.XDG_STATE_HOME || (env.HOME ? join(env.HOME, ".local", "state") : undefined);
  if (!base) {
    throw new OpsError(
      "E_CONFIG",
      "neither HOME nor XDG_STATE_HOME is set: there is nowhere private to keep state",
      {
        hint: "set HOME (or XDG_STATE_HOME) to a directory only you can read",
      },
    );
  }
  return join(base, "ops-agent");
}

/** `<state root>/<sub>`, created 0700 and checked, as is the state root itself. */
export function ensureStateDir(env: Record<string, string | undefined>, sub: string): string {
  const root = stateRoot(env);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  checkPrivateDir(root);
  const dir = join(root, sub);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkPrivateDir(dir);
  return dir;
}

/** Refuses a symlink, a non-directory, someone else's directory, or one group/others can enter. */
export function checkPrivateDir(dir: string): void {
  const stat = lstatSync(dir);
  const problem = stat.isSymbolicLink()
    ? "is a symbolic link"
    : !stat.isDirectory()
      ? "is not a directory"
      : typeof process.getuid === "function" && stat.uid !== process.getuid()
        ? "belongs to another user"
        : (stat.mode & 0o077) !== 0
          ? `is open to group or others (mode ${(stat.mode & 0o777).toString(8)})`
          : undefined;
  if (problem) {
    throw new OpsError("E_CONFIG", `the state directory ${dir} ${problem}`, {
      hint: `it holds conversations and caches: use a private directory (chmod 700 ${dir}, or remove it and let ops-agent create it)`,
    });
  }
}

/** Writes `text` to `file` (in a checked private directory) as 0600, atomically. */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  // O_EXCL: never follow or reuse something planted at the temporary name.
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Reads a file we wrote; a symlink or a file others may read is ignored (undefined), as a missing one. */
export function readPrivateFile(file: string): string | undefined {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || (stat.mode & 0o077) !== 0) return undefined;
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * `ask --session ID` keeps its conversation between processes in `<state>/sessions/ID.json`,
 * owner-only. It holds questions, answers and tool results — never credentials. The memory bounds
 * (`model.memory`) apply when the turns are restored.
 */
export interface SessionFiles {
  read(sessionId: string): Message[][];
  write(sessionId: string, turns: Message[][]): void;
  /** The session's result tables (SQLite, `ID.sqlite`, 0600); creates the directory (0700). */
  databasePath(sessionId: string): string;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function createSessionFiles(env: Record<string, string | undefined>, logger: Logger): SessionFiles {
  const dir = ensureStateDir(env, "sessions");
  const file = (id: string, ext = "json") => {
    if (!SESSION_ID.test(id)) {
      throw new OpsError(
        "E_USAGE",
        `--session must be 1–128 letters, digits, ".", "_" or "-" (got "${id.slice(0, 40)}")`,
      );
    }
    return join(dir, `${id}.${ext}`);
  };
  return {
    read(sessionId) {
      const path = file(sessionId);
      const text = readPrivateFile(path);
      if (text === undefined) return [];
      try {
        const turns = JSON.parse(text) as unknown;
        if (Array.isArray(turns) && turns.every(Array.isArray)) return turns as Message[][];
      } catch {}
      logger.warn("ignoring an unreadable session file", { file: path });
      return [];
    },
    databasePath(sessionId) {
      const path = file(sessionId, "sqlite");
      // O_NOFOLLOW: a symlink planted at the name is refused, never written through.
      closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600));
      chmodSync(path, 0o600);
      return path;
    },
    write(sessionId, turns) {
      writePrivateFile(file(sessionId), JSON.stringify(turns));
    },
  };
}
