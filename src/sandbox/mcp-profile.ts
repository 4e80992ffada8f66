import { OpsError } from "../errors.ts";
import { didYouMean } from "../suggest.ts";

/** The behaviours the sandbox's AWS MCP endpoint can have. */
export const SANDBOX_PROFILES = ["fast", "realistic"] as const;
export type SandboxProfileName = (typeof SANDBOX_PROFILES)[number];

/** Quota of one signing account per Region, as the real server enforces it. */
export interface McpQuota {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests the bucket holds when full (how many may arrive at once after a pause). */
  burst: number;
  /** Requests in flight at once (HTTP requests not yet answered in full). */
  maxConnections: number;
  /** Open MCP sessions; an `initialize` beyond is refused. */
  maxSessions: number;
}

/**
 * How the sandbox endpoint behaves. `fast`: no quota, scripts answer at once with the bare value.
 * `realistic`: the published quotas of the AWS MCP Server (Agent Toolkit user guide, "Quotas for AWS
 * MCP Server": 3 requests/s sustained, 27 concurrent connections and 180 active sessions per account per Region, 429
 * ThrottlingException beyond), a latency per script, results wrapped as `{status, return_value,
 * api_calls}`, and a task id for scripts slower than `taskAfterMs` (poll `aws___get_tasks`).
 */
export interface McpProfile {
  name: SandboxProfileName;
  /** Undefined: no quota. */
  quota?: McpQuota;
  /** Time one `aws___run_script` takes before it answers, in ms. */
  scriptLatencyMs: number;
  /** `bare`: the script's value as it is; `wrapped`: `{status: "success", return_value, api_calls}`. */
  envelope: "bare" | "wrapped";
  /** A script still running after this many ms answers with a task id and a working status; undefined: never. */
  taskAfterMs?: number;
}

/** What a caller may change in a profile (tests and benchmarks shorten the script latency). */
export type McpProfileOverrides = Partial<Omit<McpProfile, "name">>;

const PROFILES: Record<SandboxProfileName, Omit<McpProfile, "name">> = {
  fast: { scriptLatencyMs: 0, envelope: "bare" },
  realistic: {
    // The burst is not published; a small one lets a new session's handshake through at once.
    quota: { ratePerSecond: 3, burst: 5, maxConnections: 27, maxSessions: 180 },
    scriptLatencyMs: 1500,
    envelope: "wrapped",
    taskAfterMs: 10_000,
  },
};

/** The named profile with `overrides` applied. */
export function sandboxProfile(
  name: SandboxProfileName = "fast",
  overrides: McpProfileOverrides = {},
): McpProfile {
  return { name, ...PROFILES[name], ...overrides };
}

export const isSandboxProfile = (value: unknown): value is SandboxProfileName =>
  typeof value === "string" && (SANDBOX_PROFILES as readonly string[]).includes(value);

/** A profile name as typed (`--sandbox-profile`); anything else is E_USAGE with "did you mean". */
export function parseSandboxProfile(value: string, where = "--sandbox-profile"): SandboxProfileName {
  if (isSandboxProfile(value)) return value;
  throw new OpsError(
    "E_USAGE",
    `${where} must be one of ${SANDBOX_PROFILES.join(", ")} (got "${value}")${didYouMean(value, SANDBOX_PROFILES)}`,
  );
}
