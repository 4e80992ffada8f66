/** The two values AgentCore knows; case matters. */
export type PingStatus = "Healthy" | "HealthyBusy";

export interface PingBody {
  status: PingStatus;
  /** Unix seconds of the last status change — never re-stamped per ping (that keeps idle sessions alive). */
  time_of_last_update: number;
}

export interface PingState {
  /** Marks one unit of work (an invocation, a background task) as running; call the result when it ends. */
  begin(): () => void;
  /** Units of work running now. */
  active(): number;
  snapshot(): PingBody;
}

/**
 * Tracks Healthy/HealthyBusy and stamps `time_of_last_update` at each transition, so the
 * platform's idle timer starts when the last piece of work ended, not at the last poll.
 * `now` returns milliseconds (injected so tests need no sleeps).
 */
export function createPingState(now: () => number = Date.now): PingState {
  let running = 0;
  let status: PingStatus = "Healthy";
  let stamp = Math.floor(now() / 1000);

  const update = () => {
    const next: PingStatus = running > 0 ? "HealthyBusy" : "Healthy";
    if (next !== status) {
      status = next;
      stamp = Math.floor(now() / 1000);
    }
  };

  return {
    begin() {
      running++;
      update();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        running--;
        update();
      };
    },
    active: () => running,
    snapshot: () => ({ status, time_of_last_update: stamp }),
  };
}
