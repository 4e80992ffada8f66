import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPUTE } from "../../src/sandbox/data/ec2-compute.ts";
import { installGeneratedData } from "../../src/sandbox/generate/install.ts";
import { generateOrganization } from "../../src/sandbox/generate/org.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * `--sandbox --sandbox-accounts N` as a user runs it: the CLI discovers the generated organization
 * through the sandbox's Organizations endpoint (production discovery code, real SDK client), caches
 * it in the state directory, and fans out over the discovered accounts through STS and the MCP endpoint.
 */
interface Listed {
  id: string;
  name: string;
  environment: string;
  role: string;
  ou: string;
  aliases: string[];
  source: string;
}
const stateEnv = () => ({ XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "ops-agent-large-")) });

describe("ops-agent accounts --sandbox --sandbox-accounts", () => {
  test("300 discovered accounts, by OU then environment, tags as environment and alias; the second run hits the cache", async () => {
    const env = stateEnv();
    const args = ["accounts", "--sandbox", "--sandbox-accounts", "300", "--output", "json"];
    const first = await spawnCli(args, { env });
    expect(first.status).toBe(0);
    const doc = JSON.parse(first.stdout) as {
      accounts: Listed[];
      directory: { from_cache: boolean; calls: number };
    };
    const org = generateOrganization(300);
    const ouPath = new Map(org.ous.map((o) => [o.id, o.path]));
    const expected = org.accounts
      .filter((a) => a.state === "ACTIVE")
      .map((a) => ({
        id: a.account.id,
        name: a.account.name,
        environment: a.tags.environment ?? "",
        role: a.account.id === org.managementAccountId ? "central" : "workload",
        ou: ouPath.get(a.parentId) ?? "",
        aliases: [a.tags.alias ?? ""],
        source: "organizations",
      }))
      .sort(
        (a, b) =>
          a.ou.localeCompare(b.ou) ||
          a.environment.localeCompare(b.environment) ||
          a.name.localeCompare(b.name),
      );
    expect(
      doc.accounts.map(({ id, name, environment, role, ou, aliases, source }) => ({
        id,
        name,
        environment,
        role,
        ou,
        aliases,
        source,
      })),
    ).toEqual(expected);
    expect(doc.directory.from_cache).toBe(false);
    expect(doc.directory.calls).toBeGreaterThan(300);

    const again = await spawnCli(args, { env });
    const cached = JSON.parse(again.stdout) as typeof doc;
    expect(cached.directory.from_cache).toBe(true);
    expect(cached.accounts).toEqual(doc.accounts);

    const table = await spawnCli(["accounts", "--sandbox", "--sandbox-accounts", "300"], { env });
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^300 accounts: registry ⊕ AWS Organizations, from the cache/);
    const perOu = (path: string) => expected.filter((a) => a.ou === path).length;
    expect(lines[1]).toContain(
      `Workloads/Prod ${perOu("Workloads/Prod")} · Workloads/Staging ${perOu("Workloads/Staging")}`,
    );
    expect(lines[2]).toContain(`production ${expected.filter((a) => a.environment === "production").length}`);
  });

  test("doctor counts the discovered accounts, not the (empty) registry", async () => {
    const r = await spawnCli(["doctor", "--offline", "--sandbox-accounts", "40", "--output", "json"], {
      env: stateEnv(),
    });
    const checks = (
      JSON.parse(r.stdout) as { checks: Array<{ check: string; status: string; detail: string }> }
    ).checks;
    const accounts = checks.find((c) => c.check === "accounts");
    expect(accounts?.status).toBe("ok");
    expect(accounts?.detail).toStartWith("40 account(s): 0 in the registry ⊕ AWS Organizations");
  });

  test("--sandbox-accounts takes a number of accounts", async () => {
    const bad = await spawnCli(["accounts", "--sandbox-accounts", "lots"], { env: stateEnv() });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--sandbox-accounts must be a number");
  });
});

describe("ops-agent call --sandbox --sandbox-accounts --accounts all --regions all", () => {
  test("every discovered workload account × its enabled regions answers, with the generated instances", async () => {
    const r = await spawnCli(
      [
        "call",
        "ec2_describe_instances",
        "--sandbox-accounts",
        "40",
        "--accounts",
        "all",
        "--regions",
        "all",
        "--output",
        "json",
      ],
      { env: stateEnv() },
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      status: string;
      results: Array<{
        account_id: string;
        region: string;
        ok: boolean;
        data?: { items: Array<{ id: string }> };
      }>;
    };
    const org = generateOrganization(40);
    const uninstall = installGeneratedData(org);
    const workload = org.accounts.filter((a) => a.state === "ACTIVE" && a.account.role === "workload");
    expect(doc.status).toBe("ok");
    expect(doc.results.map((u) => `${u.account_id}/${u.region}`).sort()).toEqual(
      workload.flatMap((a) => a.regions.map((region) => `${a.account.id}/${region}`)).sort(),
    );
    const ids = (list: Array<{ id: string }>) => list.map((i) => i.id).sort();
    const expected = ids(
      workload.flatMap((a) => Object.values(COMPUTE[a.account.name] ?? {}).flatMap((c) => c.instances)),
    );
    uninstall();
    expect(ids(doc.results.flatMap((u) => u.data?.items ?? []))).toEqual(expected);
    expect(doc.results.flatMap((u) => u.data?.items ?? []).length).toBeGreaterThan(40);
  });
});
