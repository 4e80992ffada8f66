import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { MemorySettings } from "../config/types.ts";

/** One question and everything it took to answer it: user prompt, tool uses and results, final answer. */
type Turn = Message[];

interface Session {
  turns: Turn[];
  lastUsed: number;
}

export interface SessionMemory {
  /** The conversation so far, oldest first (empty for unknown or expired sessions). */
  history(sessionId: string): Message[];
  /** Appends a completed turn, then trims the session to its turn and token budget. */
  commit(sessionId: string, turn: Message[]): void;
  forget(sessionId: string): void;
  /** The session's turns as kept (for `ask --session`, which saves them between processes). */
  turns(sessionId: string): Message[][];
  /** Puts saved turns back (trimmed to the same bounds as a commit). */
  restore(sessionId: string, turns: Message[][]): void;
  /** Live sessions. */
  size(): number;
}

/** Rough token count (4 characters a token): enough to keep a history under a budget. */
export function approxTokens(messages: Message[]): number {
  return Math.ceil(JSON.stringify(messages).length / 4);
}

/**
 * Conversation memory per session id, bounded: the last `max_turns` turns within about `max_tokens`,
 * at most `max_sessions` sessions (least recently used dropped), forgotten after `idle_ttl_seconds`.
 * Whole turns are dropped, never single messages, so toolUse/toolResult pairs stay together.
 */
export function createSessionMemory(
  settings: MemorySettings,
  now: () => number = Date.now,
  /** Told when a session is dropped (expired, least recently used, forgotten): its result tables go too. */
  onDrop?: (sessionId: string) => void,
): SessionMemory {
  const sessions = new Map<string, Session>();
  const ttlMs = settings.idle_ttl_seconds * 1000;

  function drop(sessionId: string) {
    sessions.delete(sessionId);
    onDrop?.(sessionId);
  }

  function live(sessionId: string): Session | undefined {
    const session = sessions.get(sessionId);
    if (session && now() - session.lastUsed > ttlMs) {
      drop(sessionId);
      return undefined;
    }
    return session;
  }

  function sweep() {
    const t = now();
    for (const [id, s] of sessions) if (t - s.lastUsed > ttlMs) drop(id);
    while (sessions.size > settings.max_sessions) drop(sessions.keys().next().value as string);
  }

  return {
    history(sessionId) {
      return live(sessionId)?.turns.flat() ?? [];
    },
    commit(sessionId, turn) {
      const session = live(sessionId) ?? { turns: [], lastUsed: now() };
      sessions.delete(sessionId); // re-insert: Map order is the LRU order
      session.turns.push(turn);
      session.lastUsed = now();
      while (session.turns.length > settings.max_turns) session.turns.shift();
      let tokens = session.turns.reduce((sum, t) => sum + approxTokens(t), 0);
      // The newest turn stays even when it alone is over budget: a follow-up needs at least that context.
      while (session.turns.length > 1 && tokens > settings.max_tokens)
        tokens -= approxTokens(session.turns.shift()!);
      sessions.set(sessionId, session);
      sweep();
    },
    forget(sessionId) {
      drop(sessionId);
    },
    turns(sessionId) {
      return live(sessionId)?.turns.map((t) => [...t]) ?? [];
    },
    restore(sessionId, turns) {
      sessions.delete(sessionId);
      for (const turn of turns) this.commit(sessionId, turn);
    },
    size() {
      sweep();
      return sessions.size;
    },
  };
}
