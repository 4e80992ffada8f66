import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { Logger } from "../log.ts";

/**
 * `ask --session ID` keeps its conversation between processes in
 * `$XDG_STATE_HOME/ops-agent/sessions/ID.json` (default `~/.local/state`), owner-only (0600). It holds
 * questions, answers and tool results — never credentials. The memory bounds (`model.memory`) apply
 * when the turns are restored.
 */
export interface SessionFiles {
  read(sessionId: string): Message[][];
  write(sessionId: string, turns: Message[][]): void;
  /** The session's result tables (SQLite, `ID.sqlite`, 0600); creates the directory (0700). */
  databasePath(sessionId: string): string;
}

/** `$XDG_STATE_HOME/ops-agent` (default `~/.local/state/ops-agent`): sessions, result tables, the organization cache. */
export function stateDir(env: Record<string, string | undefined>): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || "/tmp", ".local", "state");
  return join(state, "ops-agent");
}

export function sessionDir(env: Record<string, string | undefined>): string {
  return join(stateDir(env), "sessions");
}

export function createSessionFiles(dir: string, logger: Logger): SessionFiles {
  const file = (id: string) => join(dir, `${id}.json`);
  return {
    read(sessionId) {
      let text: string;
      try {
        text = readFileSync(file(sessionId), "utf8");
      } catch {
        return [];
      }
      try {
        const turns = JSON.parse(text) as unknown;
        if (Array.isArray(turns) && turns.every(Array.isArray)) return turns as Message[][];
      } catch {}
      logger.warn("ignoring an unreadable session file", { file: file(sessionId) });
      return [];
    },
    databasePath(sessionId) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${sessionId}.sqlite`);
      closeSync(openSync(path, "a", 0o600));
      chmodSync(path, 0o600);
      return path;
    },
    write(sessionId, turns) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file(sessionId)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(turns), { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, file(sessionId));
    },
  };
}
