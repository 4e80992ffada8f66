// MCP client pool: one MCP session per account (the SDK's Client over our fetch stack, fetch-stack.ts).
// Why it is built this way (region in _meta, cancellation, buffering, 404/auth retries, time bounds): AGENTS.md, "MCP client".
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { raceAbort } from "../_async.ts";
import type { McpSettings } from "../config/types.ts";
import type { CredentialStore } from "../credentials/types.ts";
import { OpsError } from "../errors.ts";
import { type Logger, silentLogger } from "../log.ts";
import { type AccountLimiter, createAccountLimiter } from "./account-limiter.ts";
import { resolveEndpoint } from "./endpoint.ts";
import { answerAuthFailure, httpStatusOf, isAuthFailure, toMcpError } from "./errors.ts";
import { createAccountFetch, type FetchLike } from "./fetch-stack.ts";
import { type McpToolResult, unpackToolResult } from "./result.ts";
import { type AccountSession, createAccountSession } from "./session.ts";
import type { McpPool, McpToolInfo } from "./types.ts";

export interface McpPoolOptions {
  settings: McpSettings;
  credentials: CredentialStore;
  logger?: Logger;
  /** Role every session signs as; the store's default when omitted. */
  roleName?: string;
  /** The HTTP transport under the signer; global fetch by default. */
  fetch?: FetchLike;
  /** Clock of `X-Amz-Date`. */
  now?: () => Date;
  /**
   * Tools that must appear in the endpoint's `tools/list` (read once, cached) before their first call;
   * a missing one fails with E_MCP_UNAVAILABLE naming what the server offers. The runtime passes the
   * script tool.
   */
  requireTools?: string[];
}

export function createMcpPool(options: McpPoolOptions): McpPool {
  const { settings, credentials } = options;
  const endpoint = resolveEndpoint(settings);
  const logger = options.logger ?? silentLogger;
  const sessions = new Map<string, AccountSession>();
  const limiters = new Map<string, AccountLimiter>();
  const authGeneration = new Map<string, number>();
  // The SDK's own request timer is a backstop: attempts time out below it, retries fit in the budget.
  const requestTimeout = settings.timeout_ms + settings.retry_budget_ms;
  let serverTools: Promise<McpToolInfo[]> | undefined;
  let closed = false;
  const required = new Set(options.requireTools ?? []);

  function sessionFor(accountId: string): AccountSession {
    if (closed) throw new OpsError("E_MCP_UNAVAILABLE", "the MCP pool is closed");
    let session = sessions.get(accountId);
    if (!session) {
      const limiter = createAccountLimiter({
        rate: settings.rate_per_account,
        burst: settings.burst_per_account,
        maxRate: Math.max(settings.rate_per_account, settings.max_rate_per_account),
        maxConnections: settings.max_connections_per_account,
      });
      limiters.set(accountId, limiter);
      const fetch = createAccountFetch({
        accountId,
        credentials,
        roleName: options.roleName,
        service: endpoint.service,
        signingRegion: endpoint.signingRegion,
        operationRegion: endpoint.signingRegion,
        limiter,
        timeoutMs: settings.timeout_ms,
        maxRetries: settings.max_retries,
        retryBudgetMs: settings.retry_budget_ms,
        responseLimits: { maxBytes: settings.max_response_bytes, maxDepth: settings.max_json_depth },
        logger,
        transport: options.fetch,
        now: options.now,
      });
      session = createAccountSession({
        accountId,
        url: endpoint.url,
        fetch,
        timeoutMs: requestTimeout,
        logger,
      });
      sessions.set(accountId, session);
    }
    return session;
  }

  function authError(error: unknown, mcpTool: string, accountId: string): OpsError {
    const mapped = toMcpError(error, { tool: mcpTool, accountId });
    if (mapped.code === "E_MCP_AUTH") return mapped;
    return new OpsError("E_MCP_AUTH", `${mapped.message} (after refreshing the credentials)`, {
      cause: mapped,
      hint: "check the account's role and credentials (ops-agent doctor)",
    });
  }

  /** Runs `fn` on the account's session: re-initialises once on 404, refreshes credentials once on auth failure. */
  async function withSession<T>(
    accountId: string,
    tool: string,
    signal: AbortSignal | undefined,
    fn: (client: Client, signal: AbortSignal, refreshed: boolean) => Promise<T>,
  ): Promise<T> {
    // A per-call controller: the SDK never removes its abort listener, so a long-lived caller signal must not reach it.
    const call = new AbortController();
    const forward = () => call.abort(signal?.reason);
    if (signal?.aborted) forward();
    signal?.addEventListener("abort", forward, { once: true });
    let reinitialised = false;
    let refreshed = false;
    try {
      for (;;) {
        const generation = authGeneration.get(accountId) ?? 0;
        let client: Client | undefined;
        try {
          client = await raceAbort(sessionFor(accountId).client(), call.signal);
          return await fn(client, call.signal, refreshed);
        } catch (error) {
          if (call.signal.aborted) {
            throw new OpsError("E_CANCELLED", `${tool} in account ${accountId} was cancelled`, {
              cause: error,
            });
          }
          if (httpStatusOf(error) === 404 && client && !reinitialised) {
            reinitialised = true;
            logger.debug("mcp session expired; re-initialising", { account: accountId });
            sessionFor(accountId).reset(client);
            continue;
          }
          if (isAuthFailure(error)) {
            if (refreshed) throw authError(error, tool, accountId);
            refreshed = true;
            // Concurrent failures of one account drop its credentials once, not once per call.
            if ((authGeneration.get(accountId) ?? 0) === generation) {
              authGeneration.set(accountId, generation + 1);
              credentials.invalidate(accountId, options.roleName);
              logger.debug("mcp auth failed; credentials invalidated", { account: accountId });
            }
            continue;
          }
          throw toMcpError(error, { tool, accountId });
        }
      }
    } finally {
      signal?.removeEventListener("abort", forward);
    }
  }

  /** A required MCP tool (the script tool) is matched against the endpoint's cached `tools/list` before its first call. */
  async function requireTool(name: string, accountId: string, signal: AbortSignal): Promise<void> {
    const offered = await pool.listTools(accountId, signal);
    if (offered.some((t) => t.name === name)) return;
    throw new OpsError(
      "E_MCP_UNAVAILABLE",
      `the MCP server at ${endpoint.url} does not offer the tool ${name}`,
      {
        hint: `it offers: ${offered.map((t) => t.name).join(", ") || "no tools"}; check mcp.endpoint and mcp.script_tool (ops-agent doctor)`,
      },
    );
  }

  const pool: McpPool = {
    callTool(name, args, { accountId, region, signal }) {
      if (!accountId || !region) {
        return Promise.reject(new OpsError("E_USAGE", `callTool ${name} needs an account id and a region`));
      }
      return withSession(accountId, name, signal, async (client, callSignal, refreshed) => {
        if (required.has(name)) await requireTool(name, accountId, callSignal);
        const result = await client.callTool(
          { name, arguments: args, _meta: { AWS_REGION: region } },
          undefined,
          {
            signal: callSignal,
            timeout: requestTimeout,
          },
        );
        const output = unpackToolResult(name, result as McpToolResult, settings.max_json_depth);
        // An answer whose region errors carry an auth code (a script region's ExpiredToken) earns one
        // refresh too; after it, the answer goes back as it is and each region reports its own error.
        const authCode = refreshed ? undefined : answerAuthFailure(output.value);
        if (authCode) {
          throw new OpsError("E_MCP_TOOL", `${name} answered an auth failure (${authCode})`, {
            details: { aws_code: authCode },
          });
        }
        return output;
      });
    },

    listTools(accountId, signal) {
      if (!serverTools) {
        const listing = withSession(accountId, "tools/list", undefined, async (client, callSignal) => {
          const all: McpToolInfo[] = [];
          let cursor: string | undefined;
          do {
            const page = await client.listTools(cursor ? { cursor } : undefined, {
              signal: callSignal,
              timeout: requestTimeout,
            });
            for (const t of page.tools)
              all.push({ name: t.name, description: t.description, inputSchema: t.inputSchema });
            cursor = page.nextCursor;
          } while (cursor);
          return all;
        });
        serverTools = listing;
        listing.catch(() => {
          if (serverTools === listing) serverTools = undefined;
        });
      }
      return signal ? raceAbort(serverTools, signal) : serverTools;
    },

    async close() {
      closed = true;
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.close()));
    },
  };
  return pool;
}
