import type { Batch } from "./batches.ts";
import { runBounded } from "./bounded.ts";
import type { InvokeOptions, ScriptShare, UnitResult } from "./types.ts";

/** One call's script for one batch, handed to a share. */
export interface SharePart {
  tool: string;
  args: Record<string, unknown>;
  batch: Batch;
  code: string;
  request: InvokeOptions;
}

/** The gathering side of a `ScriptShare`: what the executor does with it. */
export interface ShareState {
  /** Hands a call's parts over; resolves with each part's unit results once every call is in. */
  submit(parts: SharePart[]): Promise<UnitResult[][]>;
  /** The call sends no scripts (refused, answered from the cache, or failed before its scripts). */
  leave(): void;
}

export interface ShareOptions {
  /** Calls expected: the share runs once each has submitted or left. */
  calls: number;
  /** Scripts in flight (after grouping). */
  concurrency: number;
  /** `account`: one script per account holds every call's part; `unit`: parts share only an account×region. */
  mode: "account" | "unit";
  /** Runs one script holding `parts` (one account), returning each part's unit results; never throws. */
  run(parts: SharePart[]): Promise<UnitResult[][]>;
}

const keyOf = (part: SharePart, mode: ShareOptions["mode"]) =>
  mode === "account" ? part.batch.account.id : `${part.batch.account.id}/${part.batch.regions.join(",")}`;

interface Group {
  entries: Array<{ part: SharePart; call: number; index: number }>;
  result: Promise<UnitResult[][]>;
  resolve: (results: UnitResult[][]) => void;
}

/** At most `limit` tasks at once across every caller (the share's one bound on scripts in flight). */
function createSlots(limit: number) {
  let free = Math.max(1, Math.floor(limit));
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * Gathers the scripts of several tool calls (the tool uses of one model turn) and runs them as one
 * script per account: the calls wait for each other's planning, then each group's script is run by
 * its first member, in that call's own context (its trace span), under one bound for the share. Each
 * call is answered as soon as its own groups are done (a slow account of another call never holds
 * it). A call that comes after the share ran (more calls than announced) runs on its own.
 */
export function createShareState(options: ShareOptions): ShareState {
  let waiting = options.calls;
  const members: SharePart[][] = [];
  const slot = createSlots(options.concurrency);
  let release!: () => void;
  const allIn = new Promise<void>((resolve) => {
    release = resolve;
  });
  let groups: Group[] | undefined;

  function grouped(): Group[] {
    if (groups) return groups;
    const byKey = new Map<string, Group>();
    members.forEach((parts, call) => {
      parts.forEach((part, index) => {
        const key = keyOf(part, options.mode);
        let group = byKey.get(key);
        if (!group) {
          let resolve!: Group["resolve"];
          const result = new Promise<UnitResult[][]>((r) => {
            resolve = r;
          });
          group = { entries: [], result, resolve };
          byKey.set(key, group);
        }
        group.entries.push({ part, call, index });
      });
    });
    groups = [...byKey.values()];
    return groups;
  }

  const arrive = () => {
    waiting--;
    if (waiting === 0) release();
  };

  return {
    async submit(parts) {
      if (waiting <= 0)
        return runBounded(parts, options.concurrency, async (p) => (await options.run([p]))[0]!);
      const call = members.length;
      members.push(parts);
      arrive();
      await allIn;
      const out = new Array<UnitResult[]>(parts.length);
      const mine = grouped().filter((g) => g.entries.some((e) => e.call === call));
      await Promise.all(
        mine.map(async (group) => {
          if (group.entries[0]!.call === call) {
            group.resolve(await slot(() => options.run(group.entries.map((e) => e.part))));
          }
          const results = await group.result;
          group.entries.forEach((e, i) => {
            if (e.call === call) out[e.index] = results[i]!;
          });
        }),
      );
      return out;
    },
    leave() {
      if (waiting > 0) arrive();
    },
  };
}

/** The executor's shares: tokens handed to callers, and each call's seat in one. */
export function createShares(options: Omit<ShareOptions, "calls">) {
  const states = new WeakMap<ScriptShare, ShareState>();
  return {
    create(calls: number): ScriptShare {
      const share: ScriptShare = Object.freeze({ calls });
      states.set(share, createShareState({ ...options, calls }));
      return share;
    },
    /** A call's place in `share`: it submits its scripts once, or leaves (a no-op after submitting). */
    seat(share: ScriptShare | undefined): ShareState | undefined {
      const state = share && states.get(share);
      if (!state) return undefined;
      let taken = false;
      return {
        submit: (parts) => {
          taken = true;
          return state.submit(parts);
        },
        leave: () => {
          if (!taken) state.leave();
          taken = true;
        },
      };
    },
  };
}
