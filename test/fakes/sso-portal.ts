import { randomBytes } from "node:crypto";

/**
 * A local IAM Identity Center portal speaking the real REST shape the `@aws-sdk/client-sso` client
 * uses (moto has none): `GET /federation/credentials` and `GET /assignment/accounts`, bearer token
 * in `x-amz-sso_bearer_token`, errors as `x-amzn-errortype` + `{"message"}`.
 */
export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

export interface SsoPortalOptions {
  /** The only bearer token accepted; anything else gets 401 UnauthorizedException. */
  token: string;
  accounts: PortalAccount[];
  /** Role name granted in every listed account. */
  roleName: string;
  /** Lifetime of issued credentials in ms (the portal returns `expiration` as epoch ms). */
  lifetimeMs?: number;
  /** Clock used for `expiration`. */
  now?: () => number;
  /** Largest page the portal returns, whatever the client asks for. */
  pageSize?: number;
  /**
   * SSO-OIDC on the same server: `POST /token` (CreateToken, REST-JSON) accepts this client
   * registration and refresh token, issues a new access token (which the portal then accepts) and
   * rotates the refresh token. Errors as the service sends them (`InvalidGrantException`).
   */
  oidc?: { clientId: string; clientSecret: string; refreshToken: string; lifetimeSeconds?: number };
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

export interface SsoPortal {
  url: string;
  stop(): void;
  /** Requests seen, as `METHOD /path?query`. */
  calls(path?: string): number;
  /** Every credential set handed out (tests grep logs for them). */
  issued(): IssuedCredentials[];
  /** Replace the accepted token (simulates a logout / token revocation). */
  setToken(token: string): void;
  /** CreateToken bodies received (grantType, clientId, refreshToken…). */
  tokenRequests(): Array<Record<string, unknown>>;
  /** The refresh token the OIDC side accepts now (it rotates on every refresh). */
  refreshToken(): string | undefined;
}

function error(type: string, status: number, message: string): Response {
  return Response.json({ message }, { status, headers: { "x-amzn-errortype": type } });
}

const randomKey = (prefix: string, length: number) =>
  `${prefix}${randomBytes(length)
    .toString("hex")
    .toUpperCase()
    .slice(0, length - prefix.length)}`;

export function startSsoPortal(options: SsoPortalOptions): SsoPortal {
  let token = options.token;
  const now = options.now ?? Date.now;
  const seen: string[] = [];
  const issued: IssuedCredentials[] = [];
  const tokenRequests: Array<Record<string, unknown>> = [];
  let refresh = options.oidc?.refreshToken;
  async function createToken(request: Request): Promise<Response> {
    const body = (await request.json()) as Record<string, unknown>;
    tokenRequests.push(body);
    const oidc = options.oidc;
    if (!oidc || body.clientId !== oidc.clientId || body.clientSecret !== oidc.clientSecret) {
      return Response.json(
        { error: "invalid_client" },
        { status: 401, headers: { "x-amzn-errortype": "InvalidClientException" } },
      );
    }
    if (body.grantType !== "refresh_token" || body.refreshToken !== refresh) {
      return Response.json(
        { error: "invalid_grant", error_description: "Invalid refresh token provided" },
        { status: 400, headers: { "x-amzn-errortype": "InvalidGrantException" } },
      );
    }
    token = `aoa${randomBytes(24).toString("hex")}`;
    refresh = `aor${randomBytes(24).toString("hex")}`;
    return Response.json({
      accessToken: token,
      tokenType: "Bearer",
      expiresIn: oidc.lifetimeSeconds ?? 3600,
      refreshToken: refresh,
    });
  }
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const url = new URL(request.url);
      seen.push(`${request.method} ${url.pathname}`);
      if (request.method === "POST" && url.pathname === "/token") return createToken(request);
      if (request.headers.get("x-amz-sso_bearer_token") !== token) {
        return error("UnauthorizedException", 401, "Session token not found or invalid");
      }
      if (request.method === "GET" && url.pathname === "/federation/credentials") {
        const accountId = url.searchParams.get("account_id");
        const roleName = url.searchParams.get("role_name");
        if (!options.accounts.some((a) => a.accountId === accountId) || roleName !== options.roleName) {
          return error("ForbiddenException", 403, "No access");
        }
        const credentials: IssuedCredentials = {
          accessKeyId: randomKey("ASIA", 20),
          secretAccessKey: randomBytes(30).toString("base64"),
          sessionToken: randomBytes(96).toString("base64"),
          expiration: now() + (options.lifetimeMs ?? 3_600_000),
        };
        issued.push(credentials);
        return Response.json({ roleCredentials: credentials });
      }
      if (request.method === "GET" && url.pathname === "/assignment/accounts") {
        // The portal may return fewer than max_result: `pageSize` caps pages so clients must follow next_token.
        const size = Math.min(Number(url.searchParams.get("max_result") ?? 20), options.pageSize ?? 20);
        const start = Number(url.searchParams.get("next_token") ?? 0);
        const page = options.accounts.slice(start, start + size);
        const next = start + size < options.accounts.length ? String(start + size) : undefined;
        return Response.json({ accountList: page, ...(next ? { nextToken: next } : {}) });
      }
      return error("ResourceNotFoundException", 404, `no route ${request.method} ${url.pathname}`);
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(true),
    calls: (path) => seen.filter((s) => path === undefined || s.endsWith(` ${path}`)).length,
    issued: () => [...issued],
    setToken(next) {
      token = next;
    },
    tokenRequests: () => [...tokenRequests],
    refreshToken: () => refresh,
  };
}
