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

/**
 * Gathers the scripts of several tool calls (the tool uses of one model turn) and runs them as one
 * script per account: the calls wait for each other's planning, then the grouped scripts run with the
 * usual bound. A call that comes after the share ran (more calls than announced) runs on its own.
 */
export function createShareState(options: ShareOptions): ShareState {
  let waiting = options.calls;
  const submitted: Array<{ parts: SharePart[]; resolve: (r: UnitResult[][]) => void }> = [];

  async function flush() {
    const groups = new Map<string, Array<{ part: SharePart; call: number; index: number }>>();
    submitted.forEach(({ parts }, call) => {
      parts.forEach((part, index) => {
        const key = keyOf(part, options.mode);
        const group = groups.get(key) ?? [];
        group.push({ part, call, index });
        groups.set(key, group);
      });
    });
    // Each call is answered as soon as its own scripts are done (a slow account of another call never holds it).
    const out = submitted.map(({ parts }) => new Array<UnitResult[]>(parts.length));
    const left = submitted.map(({ parts }) => parts.length);
    await runBounded([...groups.values()], options.concurrency, async (group) => {
      const results = await options.run(group.map((g) => g.part));
      group.forEach((g, i) => {
        out[g.call]![g.index] = results[i]!;
        if (--left[g.call]! === 0) submitted[g.call]!.resolve(out[g.call]!);
      });
    });
  }

  const arrive = () => {
    waiting--;
    if (waiting === 0) void flush();
  };

  return {
    submit(parts) {
      if (waiting <= 0)
        return runBounded(parts, options.concurrency, async (p) => (await options.run([p]))[0]!);
      if (parts.length === 0) {
        arrive();
        return Promise.resolve([]);
      }
      return new Promise((resolve) => {
        submitted.push({ parts, resolve });
        arrive();
      });
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
