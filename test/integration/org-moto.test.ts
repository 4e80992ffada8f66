import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from "@aws-sdk/client-organizations";
import { defaultSettings } from "../../src/config/schema.ts";
import { silentLogger } from "../../src/log.ts";
import { discoverOrganization } from "../../src/org/discover.ts";
import { membersToAccounts, mergeRegistry } from "../../src/org/members.ts";
import { type Moto, startMoto } from "../fakes/moto.ts";
import { requirePython } from "../helpers/require.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * Organizations discovery with the real SDK client against moto's Organizations: an organization with
 * nested OUs and 42 tagged member accounts. The CLI then assumes a role into the discovered accounts
 * through moto's STS (AWS_ENDPOINT_URL points both clients at moto).
 */
const hasMoto = requirePython(["moto"]);
const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const ENVS = ["production", "staging", "development"];

interface Built {
  management: string;
  byOu: Record<string, string[]>;
  ids: string[];
}

async function buildOrganization(client: OrganizationsClient): Promise<Built> {
  const org = await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const management = org.Organization?.MasterAccountId as string;
  const root = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id as string;
  const ou = async (parent: string, name: string) =>
    (await client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
      .OrganizationalUnit?.Id as string;
  const workloads = await ou(root, "Workloads");
  const targets: Record<string, string> = {
    "Workloads/Prod": await ou(workloads, "Prod"),
    "Workloads/Dev": await ou(workloads, "Dev"),
    Security: await ou(root, "Security"),
  };
  const byOu: Record<string, string[]> = { "Workloads/Prod": [], "Workloads/Dev": [], Security: [] };
  const ids: string[] = [];
  const paths = Object.keys(targets);
  for (let i = 0; i < 42; i++) {
    const created = await client.send(
      new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }),
    );
    const id = created.CreateAccountStatus?.AccountId as string;
    const path = paths[i % paths.length] as string;
    await client.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: targets[path] }),
    );
    await client.send(
      new TagResourceCommand({
        ResourceId: id,
        Tags: [
          { Key: "environment", Value: ENVS[i % ENVS.length] as string },
          { Key: "team", Value: `team-${i}` },
          ...(i === 0 ? [{ Key: "regions", Value: "eu-west-1, US-EAST-1" }] : []),
        ],
      }),
    );
    byOu[path]?.push(id);
    ids.push(id);
  }
  return { management, byOu, ids };
}

describe.skipIf(!hasMoto)("Organizations discovery against moto", () => {
  let moto: Moto;
  let built: Built;
  beforeAll(async () => {
    moto = await startMoto();
    const setup = new OrganizationsClient({ region: "us-east-1", endpoint: moto.motoUrl, credentials });
    built = await buildOrganization(setup);
    setup.destroy();
  }, 120_000);
  afterAll(() => moto?.stop());

  test("every ACTIVE account, its tags and its OU path; the management account is central", async () => {
    const client = new OrganizationsClient({ region: "us-east-1", endpoint: moto.url, credentials });
    const snapshot = await discoverOrganization({ client, logger: silentLogger, ratePerSecond: 200 });
    client.destroy();
    expect(snapshot.management_account_id).toBe(built.management);
    expect(snapshot.accounts.map((a) => a.id).sort()).toEqual([built.management, ...built.ids].sort());
    const ouOf = Object.fromEntries(snapshot.accounts.map((a) => [a.id, a.ou]));
    for (const [path, ids] of Object.entries(built.byOu)) for (const id of ids) expect(ouOf[id]).toBe(path);
    expect(ouOf[built.management]).toBe("");
    // ListAccounts took more than one page (moto pages by 20), and every call was counted.
    const listPages = moto.requests().length;
    expect(snapshot.calls).toBeGreaterThan(43);
    expect(listPages).toBeGreaterThanOrEqual(snapshot.calls);

    const settings = { ...defaultSettings.organizations, alias_tags: ["team"], regions_tag: "regions" };
    const accounts = membersToAccounts(snapshot, settings, silentLogger);
    const first = accounts.find((a) => a.id === built.ids[0]);
    expect(first).toMatchObject({
      name: "member-0",
      environment: "production",
      aliases: ["team-0"],
      regions: ["eu-west-1", "us-east-1"],
      ou: "Workloads/Prod",
      role: "workload",
      source: "organizations",
    });
    expect(accounts.find((a) => a.id === built.management)?.role).toBe("central");
    const prodOnly = membersToAccounts(
      snapshot,
      { ...settings, include_ous: ["workloads/prod"], exclude_accounts: [built.ids[0] as string] },
      silentLogger,
    );
    expect(prodOnly.map((a) => a.id).sort()).toEqual(
      built.byOu["Workloads/Prod"]?.slice(1).sort() as string[],
    );

    // The registry wins for a listed account; a listed account Organizations does not know is kept and flagged.
    const merged = mergeRegistry(
      [
        {
          id: built.ids[1] as string,
          name: "billing",
          environment: "unknown",
          role: "workload",
          regions: ["eu-central-1"],
          aliases: [],
        },
        { id: "999999999999", name: "gone", environment: "test", role: "workload", regions: [], aliases: [] },
      ],
      accounts,
    );
    expect(merged.accounts[0]).toMatchObject({
      name: "billing",
      environment: "staging",
      regions: ["eu-central-1"],
      source: "both",
    });
    expect(merged.notInOrganization).toEqual(["999999999999"]);
    expect(merged.accounts).toHaveLength(accounts.length + 1);
  }, 30_000);

  test("the CLI: accounts discovers and caches (owner-only); --check assumes a role into discovered accounts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-org-"));
    const config = join(dir, "ops-agent.yaml");
    writeFileSync(
      config,
      [
        "auth: { mode: iam }",
        "organizations:",
        "  enabled: true",
        "  include_ous: [Security]",
        "  alias_tags: [team]",
        "",
      ].join("\n"),
    );
    const env = {
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      XDG_STATE_HOME: join(dir, "state"),
    };
    const first = await spawnCli(["accounts", "--config", config, "--output", "json"], { env });
    expect(first.stderr).toBe("");
    const doc = JSON.parse(first.stdout) as {
      accounts: Array<{ id: string; ou: string; source: string; aliases: string[] }>;
      directory: { from_cache: boolean; cache: string; calls: number };
    };
    expect(doc.accounts.map((a) => a.id).sort()).toEqual(built.byOu.Security?.slice().sort() as string[]);
    expect(doc.accounts.every((a) => a.ou === "Security" && a.source === "organizations")).toBe(true);
    expect(doc.directory.from_cache).toBe(false);
    expect(statSync(doc.directory.cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "state", "ops-agent", "organizations")).mode & 0o777).toBe(0o700);

    const before = moto.requests().length;
    const table = await spawnCli(["accounts", "--config", config], { env });
    expect(table.stdout).toContain("from the cache");
    expect(table.stdout).toMatch(/OU\s+REGIONS\s+ALIASES\s+SOURCE/);
    expect(moto.requests().length).toBe(before);

    const check = await spawnCli(["accounts", "--check", "--config", config, "--output", "json"], { env });
    const rows = (
      JSON.parse(check.stdout) as { accounts: Array<{ account_id: string; ok: boolean; source: string }> }
    ).accounts;
    expect(rows.map((r) => r.account_id).sort()).toEqual(built.byOu.Security?.slice().sort() as string[]);
    expect(rows.every((r) => r.ok && r.source === "assume-role")).toBe(true);
    expect(check.status).toBe(0);
    expect(moto.stsCalls()).toBe(rows.length);
  }, 90_000);

  test("the CLI with a registry: a listed account keeps its name and regions (source both); one Organizations lacks is kept and flagged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-org-reg-"));
    const listed = built.byOu.Security?.[0] as string;
    writeFileSync(
      join(dir, "accounts.yaml"),
      [
        "accounts:",
        `  - { id: "${listed}", name: billing, environment: unknown, role: workload, regions: [eu-central-1] }`,
        '  - { id: "999999999999", name: gone, environment: test, role: workload }',
        "",
      ].join("\n"),
    );
    const config = join(dir, "ops-agent.yaml");
    writeFileSync(config, "auth: { mode: iam }\norganizations: { enabled: true, include_ous: [Security] }\n");
    const env = {
      AWS_ENDPOINT_URL: moto.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      XDG_STATE_HOME: join(dir, "state"),
    };
    const json = await spawnCli(["accounts", "--config", config, "--output", "json"], { env });
    const doc = JSON.parse(json.stdout) as {
      accounts: Array<{ id: string; name: string; regions: string[]; ou?: string; source: string }>;
      directory: { not_in_organization: string[] };
    };
    expect(doc.accounts.find((a) => a.id === listed)).toMatchObject({
      name: "billing",
      regions: ["eu-central-1"],
      ou: "Security",
      source: "both",
    });
    expect(doc.accounts.find((a) => a.id === "999999999999")?.source).toBe("registry");
    expect(doc.directory.not_in_organization).toEqual(["999999999999"]);
    const table = await spawnCli(["accounts", "--config", config], { env });
    const gone = table.stdout.split("\n").find((line) => line.startsWith("999999999999"));
    expect(gone).toContain("registry (NOT IN ORGANIZATION)");
    expect(table.stdout.split("\n").find((line) => line.startsWith(listed))).toMatch(/\bboth$/);
  }, 60_000);
});
