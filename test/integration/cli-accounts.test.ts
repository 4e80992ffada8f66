import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { sandboxAccounts } from "../../src/sandbox/org.ts";
import { ORG } from "../fixtures/call/org.ts";
import { runBinary } from "../helpers/cli.ts";
import { type CliOrg, startCliOrg } from "../helpers/cli-org.ts";
import { requirePython } from "../helpers/require.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * `ops-agent accounts` as a subprocess: the registry from a settings file in every format, the
 * sandbox organization, and `--check` both against the sandbox STS and against moto's STS with one
 * account whose role cannot be assumed.
 */
const DENIED = ORG[2]!;

describe.skipIf(!requirePython(["moto"]))("ops-agent accounts (registry file, moto STS)", () => {
  let org: CliOrg;
  beforeAll(async () => {
    org = await startCliOrg({ accounts: ORG, denyAssume: [DENIED.id] });
  });
  afterAll(() => org.close());

  test("table, json and yaml list the registry file", async () => {
    const list = (format: string) => spawnCli(["accounts", "--output", format, "--config", org.configFile]);
    const [table, json, yaml] = await Promise.all([list("table"), list("json"), list("yaml")]);
    expect(table).toEqual({
      status: 0,
      stderr: "",
      stdout: [
        "ID            NAME       ENVIRONMENT  ROLE      REGIONS              ALIASES",
        "100000000000  central    shared       central   us-east-1            -",
        "100000000001  prod-app   production   workload  us-east-1,eu-west-1  prod",
        "100000000002  prod-data  production   workload  us-east-1            -",
        "100000000003  staging    staging      workload  eu-west-1            -",
        "",
      ].join("\n"),
    });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ accounts: ORG });
    expect(yaml.status).toBe(0);
    expect(parse(yaml.stdout)).toEqual({ accounts: ORG });
    // Nothing was assumed just to list the registry.
    expect(org.moto.stsCalls()).toBe(0);
  });

  test("--check: the refused role is FAILED with E_ASSUME_ROLE, the others ok; exit 1; no secret printed", async () => {
    const table = await spawnCli(["accounts", "--check", "--config", org.configFile], { env: org.env });
    expect(table.status).toBe(1);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^credentials: iam \(/);
    const rows = Object.fromEntries(lines.slice(2, -1).map((l) => [l.split(/\s+/)[1], l]));
    for (const a of ORG.filter((x) => x !== DENIED)) {
      expect(rows[a.name]).toMatch(
        new RegExp(`^${a.id}\\s+${a.name}\\s+ok\\s+assume-role\\s+\\d{4}-\\d\\d-\\d\\dT`),
      );
    }
    expect(rows[DENIED.name]).toMatch(
      new RegExp(
        `^${DENIED.id}\\s+prod-data\\s+FAILED\\s+\\S+\\s+-\\s+\\d+\\s+E_ASSUME_ROLE: access denied assuming arn:aws:iam::${DENIED.id}:role/`,
      ),
    );
    expect(lines.at(-1)).toBe("3/4 accounts ok");

    const json = await spawnCli(["accounts", "--check", "--output", "json", "--config", org.configFile], {
      env: org.env,
    });
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout) as {
      auth: { mode: string };
      accounts: Array<{ account_id: string; ok: boolean; source: string; error?: { code: string } }>;
    };
    expect(doc.auth.mode).toBe("iam");
    expect(doc.accounts.map((r) => [r.account_id, r.ok, r.ok ? r.source : r.error?.code])).toEqual(
      ORG.map((a) => [a.id, a !== DENIED, a === DENIED ? "E_ASSUME_ROLE" : "assume-role"]),
    );

    // Both runs assumed every role (the denied one was refused by STS, not skipped).
    expect(org.moto.requests().filter((f) => f.get("RoleArn")?.includes(`::${DENIED.id}:`))).toHaveLength(2);
    const secrets = org.secrets();
    expect(secrets.length).toBe(1 + 2 * 2 * (ORG.length - 1));
    const printed = [table.stdout, table.stderr, json.stdout, json.stderr].join("\n");
    for (const secret of secrets) expect(printed).not.toContain(secret);
  });
});

describe("ops-agent accounts --sandbox", () => {
  test("lists the five sandbox accounts (source and compiled binary agree)", async () => {
    const r = await spawnCli(["accounts", "--sandbox", "--output", "json"]);
    expect(r.status).toBe(0);
    const { accounts } = JSON.parse(r.stdout) as { accounts: Array<{ id: string; name: string }> };
    expect(accounts.map((a) => a.name)).toEqual(["central", "production", "staging", "development", "data"]);
    expect(accounts).toEqual(sandboxAccounts());
    const binary = runBinary(["accounts", "--sandbox", "--output", "json"]);
    expect({ status: binary.status, accounts: JSON.parse(binary.stdout).accounts }).toEqual({
      status: 0,
      accounts,
    });
  });

  test("--check: every account ok through the in-process STS, exit 0", async () => {
    const r = await spawnCli(["accounts", "--check", "--sandbox", "--output", "json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      auth: { mode: string };
      accounts: Array<{ account_id: string; ok: boolean; source: string; expires_at: string }>;
    };
    expect(doc.auth.mode).toBe("sandbox");
    expect(doc.accounts.map((a) => [a.account_id, a.ok, a.source])).toEqual(
      sandboxAccounts().map((a) => [a.id, true, "assume-role"]),
    );
    for (const a of doc.accounts) expect(Date.parse(a.expires_at)).toBeGreaterThan(Date.now());
    const table = await spawnCli(["accounts", "--check", "--sandbox"]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain("5/5 accounts ok");
  });
});
