import type { ConfigLayer } from "../config/layers.ts";
import type { Account } from "../config/types.ts";
import type { Logger } from "../log.ts";
import { createSimulatedAws } from "./aws.ts";
import { type BaseCredentials, createKeyTable } from "./keys.ts";
import { type LargeOrganization, startLargeOrganization } from "./large.ts";
import { createSandboxMcp } from "./mcp-endpoint.ts";
import { type McpProfile, sandboxProfile } from "./mcp-profile.ts";
import type { McpSimulatorStats } from "./mcp-sim-types.ts";
import { sandboxAccounts, sandboxRegions } from "./org.ts";
import { type OrgPacing, REALISTIC_ORG_PACING } from "./organizations.ts";
import { createStsHandler } from "./sts.ts";

export {
  type McpProfile,
  type McpProfileOverrides,
  SANDBOX_PROFILES,
  type SandboxProfileName,
  sandboxProfile,
} from "./mcp-profile.ts";
export type { McpSimulatorStats } from "./mcp-sim-types.ts";
export { sandboxAccounts, sandboxRegions } from "./org.ts";

export interface StartSandboxOptions {
  logger: Logger;
  /** Latency added to every simulated AWS call, in milliseconds (demos, benchmarks). Default 0. */
  latencyMs?: number;
  /** SigV4 region the MCP endpoint expects; the runtime sets `settings.mcp.signing_region` to it. */
  signingRegion?: string;
  /** MCP response framing; `json` by default. */
  responseMode?: "json" | "sse";
  /** Tool-result envelope; both text and structuredContent by default. */
  envelope?: "structured" | "text";
  /** How the MCP endpoint behaves (`sandboxProfile("realistic")`: the real server's quotas and latency); `fast` by default. */
  profile?: McpProfile;
  /**
   * The organization to simulate (benchmarks: many accounts); each account has the regions it names
   * enabled, and the data of unknown account names is empty. Default: the built-in organization.
   */
  accounts?: Account[];
  /**
   * Simulate an organization of this many accounts in OUs, with generated resources, discovered
   * through an in-process Organizations endpoint (`settings.sandbox.accounts`); wins over `accounts`.
   */
  organizationAccounts?: number;
  /** Latency and quota of the Organizations endpoint; default: none (fast), the realistic one with a quota'd profile. */
  orgPacing?: OrgPacing;
}

/** The running sandbox: what the runtime wires into the production code path. */
export interface Sandbox {
  /** STS endpoint for `env.endpoints.sts` (`http://127.0.0.1:<port>/`). */
  stsEndpoint: string;
  /** MCP endpoint for `settings.mcp.endpoint` (`http://127.0.0.1:<port>/mcp`). */
  mcpEndpoint: string;
  /** SigV4 region for `settings.mcp.signing_region`; service stays `aws-mcp`. */
  signingRegion: string;
  /** Static keys of the sandbox operator, for the STS client (`baseCredentials` of the IAM provider). */
  baseCredentials: BaseCredentials;
  /** The sandbox organization: use as the account registry (empty for a generated one: it is discovered). */
  accounts: Account[];
  /** The generated organization and its Organizations endpoint (`organizationAccounts` was set). */
  organization?: LargeOrganization;
  /**
   * The configuration overlay that points the production code path at this sandbox: its STS and MCP
   * endpoints, IAM mode, its organization as the registry, and a rate the simulated endpoints allow.
   */
  overlay: ConfigLayer;
  /** The MCP endpoint's profile. */
  profile: McpProfile;
  /** What the MCP endpoint received and refused so far. */
  mcpStats(): McpSimulatorStats;
  close(): Promise<void>;
}

/**
 * Starts the sandbox STS and AWS MCP endpoints on 127.0.0.1 (ephemeral ports). Nothing else changes:
 * the runtime builds the usual IAM provider, credential store, MCP pool and executor against these
 * endpoints, so every call is an AssumeRole, a SigV4-signed MCP request and a verified answer.
 */
export async function startSandbox(options: StartSandboxOptions): Promise<Sandbox> {
  const logger = options.logger.child({ component: "sandbox" });
  const signingRegion = options.signingRegion ?? "us-east-1";
  const keys = createKeyTable();
  const profile = options.profile ?? sandboxProfile("fast");
  const large = options.organizationAccounts
    ? startLargeOrganization({
        count: options.organizationAccounts,
        keys,
        logger,
        pacing: options.orgPacing ?? (profile.quota ? REALISTIC_ORG_PACING : undefined),
      })
    : undefined;
  const accounts = large?.accounts ?? options.accounts ?? sandboxAccounts();
  const regions =
    large?.regions ??
    (options.accounts ? [...new Set(accounts.flatMap((a) => a.regions))].sort() : sandboxRegions());
  const sts = createStsHandler({ accounts, keys, logger });
  const mcp = createSandboxMcp({
    keys,
    // The sandbox organization enables only its own regions: a call elsewhere fails as AWS fails it.
    aws: createSimulatedAws({
      latencyMs: options.latencyMs,
      enabledRegions: large?.enabledRegions ?? (options.accounts ? (a) => a.regions : () => regions),
    }),
    logger,
    regions,
    signingRegion,
    responseMode: options.responseMode,
    envelope: options.envelope,
    profile,
  });
  const stsServer = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: sts });
  const mcpServer = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: mcp.handle, idleTimeout: 60 });
  // The sandbox serves this process only: it must never keep it alive, so an error anywhere after
  // it started still ends the command (in-flight requests to it keep the loop busy on their own).
  stsServer.unref();
  mcpServer.unref();
  logger.debug("sandbox started", {
    sts_port: stsServer.port,
    mcp_port: mcpServer.port,
    accounts: accounts.length,
    organizations: large?.endpoint,
  });
  const stsEndpoint = `http://127.0.0.1:${stsServer.port}/`;
  const mcpEndpoint = `http://127.0.0.1:${mcpServer.port}/mcp`;
  return {
    stsEndpoint,
    mcpEndpoint,
    signingRegion,
    baseCredentials: { ...keys.base },
    accounts: large ? [] : accounts,
    organization: large,
    overlay: {
      source: "sandbox",
      endpoints: { sts: stsEndpoint, ...large?.overlay.endpoints },
      // The fast endpoint has no quota: the default rate (the real server's) would only slow demos down.
      // A profile with a quota is met with the defaults, as the real server would be.
      settings: {
        auth: { mode: "iam" },
        mcp: {
          endpoint: mcpEndpoint,
          signing_region: signingRegion,
          ...(profile.quota ? {} : { rate_per_account: 500 }),
        },
        ...large?.overlay.settings,
      },
      accounts: large?.overlay.accounts ?? structuredClone(accounts),
    },
    profile,
    mcpStats: () => mcp.stats(),
    async close() {
      await mcp.close();
      await Promise.all([stsServer.stop(true), mcpServer.stop(true), large?.close()]);
    },
  };
}
