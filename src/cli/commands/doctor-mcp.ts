import type { Config } from "../../config/types.ts";

/** A doctor line (same shape as doctor.ts's). */
export interface McpCheck {
  check: string;
  status: "ok" | "warn" | "fail" | "skip" | "unchecked";
  detail: string;
}

/** The published quotas (Agent Toolkit user guide, "Quotas for AWS MCP Server"), per account per Region. */
const QUOTA_RATE = 3;
const QUOTA_CONNECTIONS = 27;

/** The limits the scheduler runs with, beside the server's published quotas. */
export function limitsCheck(config: Config): McpCheck {
  const { mcp, executor } = config.settings;
  // As the pool builds each account's limiter: the adaptive rate never starts above its ceiling.
  const ceiling = Math.max(mcp.rate_per_account, mcp.max_rate_per_account);
  const over = mcp.rate_per_account > QUOTA_RATE || mcp.max_connections_per_account > QUOTA_CONNECTIONS;
  // Local endpoints (the sandbox, test servers) have no published quota to stay under.
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(mcp.endpoint);
  return {
    check: "mcp limits",
    status: over && !local ? "warn" : "ok",
    detail:
      `per signing account: ${mcp.rate_per_account}/s (burst ${mcp.burst_per_account}, adaptive up to ` +
      `${ceiling}/s, halved on 429), ${mcp.max_connections_per_account} requests in flight ` +
      `(server quota: ${QUOTA_RATE}/s, ${QUOTA_CONNECTIONS} connections); ${executor.concurrency} scripts in flight; ` +
      `batch: ${executor.batch}; timeouts: request ${mcp.timeout_ms} ms, retries ${mcp.retry_budget_ms} ms, ` +
      `script ${executor.unit_timeout_ms} ms`,
  };
}
