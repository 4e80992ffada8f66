import { createHash, timingSafeEqual } from "node:crypto";
import { OpsError } from "../errors.ts";
import { HttpError } from "./respond.ts";

/**
 * Who may drive the agent. Loopback binds are the operator's own machine; any other bind needs a
 * bearer token, or `server.trust: agentcore` (AgentCore authenticates callers with SigV4 or JWT in
 * front of the container). Browsers are kept out twice: JSON only (a cross-site form or `text/plain`
 * post cannot set it without a CORS preflight) and an `Origin` allowlist; `Host` is checked against
 * the bound address so a DNS-rebinding page cannot reach a loopback server by name.
 */
export interface AccessPolicy {
  /** Accepted bearer tokens (none: no token required). */
  tokens: string[];
  /** Exact `Origin` values allowed (scheme://host[:port]); a request with any other Origin gets 403. */
  allowedOrigins: string[];
  /** Host names accepted besides the bound address and loopback names. */
  allowedHosts: string[];
  /** The address bound; a wildcard bind accepts any Host unless `allowedHosts` names some. */
  boundHost: string;
}

export type Trust = "none" | "agentcore";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);
const WILDCARD = new Set(["0.0.0.0", "::", "[::]", ""]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Refuses to start a server that anyone on the network could drive: a non-loopback bind needs a token
 * or an explicit statement that the network in front authenticates callers.
 */
export function assertBindAllowed(host: string, tokens: string[], trust: Trust, flag = "--host"): void {
  if (isLoopback(host) || tokens.length > 0 || trust === "agentcore") return;
  throw new OpsError(
    "E_CONFIG",
    `refusing to serve on ${host || "0.0.0.0"} without authentication: anyone who can reach that address could make the agent query every account`,
    {
      hint:
        "set a bearer token (server.auth_token_file, or OPS_AGENT_AUTH_TOKEN; callers send it as a Bearer token in the Authorization header), " +
        `or server.trust: agentcore when Bedrock AgentCore authenticates callers in front (the Dockerfile sets it), or bind 127.0.0.1 (${flag})`,
    },
  );
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Constant-time: both sides are hashed to equal length first, every token is compared. Returns the token's index. */
export function matchToken(presented: string, tokens: string[]): number {
  const given = digest(presented);
  let found = -1;
  tokens.forEach((token, i) => {
    if (timingSafeEqual(given, digest(token)) && found < 0) found = i;
  });
  return found;
}

/** A short, stable, non-reversible name of a token (sessions are scoped by it). */
export function tokenFingerprint(token: string): string {
  return digest(`ops-agent session scope\0${token}`).toString("hex").slice(0, 16);
}

function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(0, value.indexOf("]") + 1);
  const colon = value.lastIndexOf(":");
  return colon >= 0 && value.indexOf(":") === colon ? value.slice(0, colon) : value;
}

/** 403 unless `Host` names the bound address, a loopback name (on loopback binds) or an allowed host. */
export function checkHost(request: Request, policy: AccessPolicy): void {
  const bound = policy.boundHost.toLowerCase();
  const allowed = policy.allowedHosts.map((h) => h.toLowerCase());
  if (WILDCARD.has(bound) && allowed.length === 0) return;
  const header = request.headers.get("host");
  const name = header ? hostName(header) : "";
  const bracketed = bound.includes(":") && !bound.startsWith("[") ? `[${bound}]` : bound;
  const ok =
    allowed.includes(name) || name === bound || name === bracketed || (isLoopback(bound) && isLoopback(name));
  if (!ok) {
    throw new HttpError(403, "E_FORBIDDEN", `Host "${(header ?? "").slice(0, 100)}" is not this server`);
  }
}

/** 403 for a browser request from an origin not in `server.allowed_origins`. */
export function checkOrigin(request: Request, policy: AccessPolicy): void {
  const origin = request.headers.get("origin");
  if (origin === null || policy.allowedOrigins.includes(origin)) return;
  throw new HttpError(
    403,
    "E_FORBIDDEN",
    `Origin "${origin.slice(0, 100)}" is not allowed (server.allowed_origins)`,
  );
}

/** 401 unless a configured bearer token is presented; returns which one (-1 when none is configured). */
export function checkToken(request: Request, policy: AccessPolicy): number {
  if (policy.tokens.length === 0) return -1;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const index = match ? matchToken(match[1]!, policy.tokens) : -1;
  if (index < 0) {
    throw new HttpError(401, "E_UNAUTHORIZED", "a valid Authorization: Bearer token is required", {
      "www-authenticate": 'Bearer realm="ops-agent"',
    });
  }
  return index;
}

/** 415 unless the body is declared `application/json` (parameters such as charset allowed). */
export function checkJsonContentType(request: Request): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return;
  throw new HttpError(
    415,
    "E_UNSUPPORTED_MEDIA_TYPE",
    `Content-Type must be application/json (got ${type ? `"${type.slice(0, 100)}"` : "none"})`,
  );
}
