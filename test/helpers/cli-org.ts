import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Account } from "../../src/config/types.ts";
import {
  type FakeKey,
  type FakeMcpServer,
  type FakeMcpServerOptions,
  startFakeMcpServer,
} from "../fakes/mcp-server.ts";
import { type Moto, startMoto, stsError } from "../fakes/moto.ts";

/**
 * An organization outside the sandbox for CLI runs from a settings file: moto's STS (behind its
 * proxy) issues the member credentials, STS refuses AssumeRole for the `denyAssume` accounts with
 * the AccessDenied document IAM would cause, and the SigV4-verifying fake MCP server accepts exactly
 * the keys moto issued. Every issued secret and session token is recorded, so a test can prove none
 * of them reached the output.
 */
export interface CliOrgOptions {
  accounts: Account[];
  /** Account ids whose role STS refuses to assume. */
  denyAssume?: string[];
  /** The fake MCP server's tools (its default `aws___run_script` stays unless omitted). */
  mcp?: Pick<FakeMcpServerOptions, "tools" | "omitRunScript">;
  /** More YAML lines for the settings file. */
  settings?: string[];
}

export interface CliOrg {
  dir: string;
  configFile: string;
  /** What the CLI needs in its environment (base keys, STS endpoint, region). */
  env: Record<string, string>;
  moto: Moto;
  server: FakeMcpServer;
  /** Secret keys and session tokens STS handed out so far (plus the base secret). */
  secrets(): string[];
  close(): Promise<void>;
}

const BASE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1];

function writeRegistry(dir: string, accounts: Account[], extra: string[], endpoint: string): string {
  const rows = accounts.map(
    (a) =>
      `  - { id: "${a.id}", name: ${a.name}, environment: ${a.environment}, role: ${a.role}, regions: [${a.regions.join(", ")}], aliases: [${a.aliases.join(", ")}] }`,
  );
  writeFileSync(join(dir, "accounts.yaml"), `accounts:\n${rows.join("\n")}\n`);
  const configFile = join(dir, "ops-agent.yaml");
  const settings = [
    "region: us-east-1",
    "accounts: accounts.yaml",
    "auth: { mode: iam }",
    `mcp: { endpoint: "${endpoint}", max_retries: 0 }`,
    ...extra,
  ];
  writeFileSync(configFile, `${settings.join("\n")}\n`);
  return configFile;
}

export async function startCliOrg(options: CliOrgOptions): Promise<CliOrg> {
  const denied = new Set(options.denyAssume ?? []);
  const accountOf = (form: URLSearchParams) =>
    /^arn:aws:iam::(\d{12}):role\//.exec(form.get("RoleArn") ?? "")?.[1];
  const moto = await startMoto({
    intercept: (form) => {
      const account = accountOf(form);
      if (form.get("Action") !== "AssumeRole" || !account || !denied.has(account)) return undefined;
      return stsError(
        "AccessDenied",
        `User: arn:aws:iam::401234567890:user/ops is not authorized to perform: sts:AssumeRole on resource: ${form.get("RoleArn")}`,
        403,
      );
    },
  });
  const keys: Record<string, FakeKey> = {};
  const issued: string[] = [BASE_SECRET];
  // Between the CLI and moto's proxy: reads the credentials moto issues, so the MCP server can verify them.
  const recorder = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = await request.text();
      const upstream = await fetch(`${moto.url}${new URL(request.url).pathname}`, {
        method: request.method,
        headers: request.headers,
        body,
      });
      const xml = await upstream.text();
      const accessKeyId = tag(xml, "AccessKeyId");
      const secretAccessKey = tag(xml, "SecretAccessKey");
      const sessionToken = tag(xml, "SessionToken");
      const accountId = accountOf(new URLSearchParams(body));
      if (accessKeyId && secretAccessKey && sessionToken && accountId) {
        keys[accessKeyId] = { secretAccessKey, sessionToken, accountId };
        issued.push(secretAccessKey, sessionToken);
      }
      return new Response(xml, { status: upstream.status, headers: upstream.headers });
    },
  });
  const server = await startFakeMcpServer({ mode: "json", keys, ...options.mcp });
  const dir = mkdtempSync(join(tmpdir(), "ops-agent-cli-org-"));
  const configFile = writeRegistry(dir, options.accounts, options.settings ?? [], server.url);
  return {
    dir,
    configFile,
    env: {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: BASE_SECRET,
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${recorder.port}`,
      AWS_REGION: "us-east-1",
    },
    moto,
    server,
    secrets: () => [...issued],
    async close() {
      await server.close();
      recorder.stop(true);
      await moto.stop();
    },
  };
}
