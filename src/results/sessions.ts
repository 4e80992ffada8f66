import type { ResultsSettings } from "../config/types.ts";
import { createResultStore } from "./store.ts";
import type { ResultStore } from "./types.ts";

export interface ResultSessions {
  /** The session's results database (made on first use); a fresh one-shot database without a session. */
  open(sessionId?: string): ResultStore;
  /** After an answer: a one-shot database is closed, a session's stays (and the total bound is applied). */
  release(sessionId: string | undefined, store: ResultStore): void;
  /** Forgets a session's database: called when the conversation memory drops the session. */
  drop(sessionId: string): void;
  size(): number;
  close(): void;
}

export interface ResultSessionsOptions {
  settings: ResultsSettings;
  /** Sessions kept at most (least recently used dropped first): the memory's `max_sessions`. */
  maxSessions: number;
  /** A file per session (`ask --session`), else in memory. */
  fileFor?: (sessionId: string) => string;
}

/**
 * Result databases per conversation. `serve` keeps one in memory per AgentCore session, each bounded by
 * `results.max_session_bytes` and all by `results.max_total_bytes`, evicted with the session memory;
 * `ask` uses one per process, or the file beside its `--session` file.
 */
export function createResultSessions(options: ResultSessionsOptions): ResultSessions {
  const { settings } = options;
  const stores = new Map<string, ResultStore>();
  const make = (file?: string) => createResultStore({ file, maxBytes: settings.max_session_bytes });

  function drop(sessionId: string) {
    stores.get(sessionId)?.close();
    stores.delete(sessionId);
  }

  function bound(keep: string) {
    while (stores.size > options.maxSessions) drop(stores.keys().next().value as string);
    let total = [...stores.values()].reduce((sum, s) => sum + s.bytes(), 0);
    for (const [id, store] of stores) {
      if (total <= settings.max_total_bytes) break;
      if (id === keep) continue;
      total -= store.bytes();
      drop(id);
    }
  }

  return {
    open(sessionId) {
      if (sessionId === undefined) return make();
      const store = stores.get(sessionId) ?? make(options.fileFor?.(sessionId));
      stores.delete(sessionId); // re-insert: Map order is the LRU order
      stores.set(sessionId, store);
      return store;
    },
    release(sessionId, store) {
      if (sessionId === undefined) store.close();
      else bound(sessionId);
    },
    drop,
    size: () => stores.size,
    close() {
      for (const id of [...stores.keys()]) drop(id);
    },
  };
}
