import { parseRegion } from "../config/regions.ts";
import type { McpSettings } from "../config/types.ts";
import { OpsError } from "../errors.ts";

/** Where the MCP server lives and how requests to it are signed. */
export interface ResolvedEndpoint {
  url: URL;
  /** SigV4 service name (`aws-mcp`). */
  service: string;
  /** SigV4 signing region: the endpoint's region label, never the region an operation runs in. */
  signingRegion: string;
}

/** `<service>.<region>.api.aws`; the region label is checked against the SDK's region list (config/regions.ts). */
const AWS_HOST = /^([a-z0-9-]+)\.([a-z0-9-]+)\.api\.aws$/;
// `URL.hostname` keeps IPv6 brackets.
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Resolves service and signing region from `aws-mcp.<region>.api.aws` (aws4fetch cannot guess them for
 * `*.api.aws`). Config wins; a loopback endpoint (tests, local fakes) signs as `aws-mcp` in
 * `signing_region ?? us-east-1`; any other host must name its signing region explicitly.
 */
export function resolveEndpoint(
  settings: Pick<McpSettings, "endpoint" | "service" | "signing_region">,
): ResolvedEndpoint {
  let url: URL;
  try {
    url = new URL(settings.endpoint);
  } catch (cause) {
    throw new OpsError("E_CONFIG", `mcp.endpoint is not a URL: ${settings.endpoint}`, { cause });
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(loopback && url.protocol === "http:")) {
    throw new OpsError("E_CONFIG", `mcp.endpoint must use https (got ${url.protocol}//${url.host})`, {
      hint: "plain http is only accepted for localhost endpoints",
    });
  }
  const match = AWS_HOST.exec(url.hostname);
  const service = settings.service ?? match?.[1] ?? (loopback ? "aws-mcp" : undefined);
  const hostRegion =
    match && settings.signing_region === undefined
      ? parseRegion(match[2]!, { code: "E_CONFIG", where: `in mcp.endpoint ${url.hostname}` })
      : undefined;
  const signingRegion = settings.signing_region ?? hostRegion ?? (loopback ? "us-east-1" : undefined);
  if (!service || !signingRegion) {
    throw new OpsError("E_CONFIG", `cannot derive the SigV4 service and region from host ${url.hostname}`, {
      hint: "set mcp.service and mcp.signing_region, or use https://aws-mcp.<region>.api.aws/mcp",
    });
  }
  return { url, service, signingRegion };
}
