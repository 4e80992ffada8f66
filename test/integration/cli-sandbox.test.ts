import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxAccounts } from "../../src/sandbox/org.ts";
import { runBinary } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * `ask --sandbox` without a model (the model-free planner) and `call --sandbox`, as subprocesses: the
 * in-process STS and SigV4-verifying MCP endpoint answer for the simulated organization.
 */
const ID = Object.fromEntries(sandboxAccounts().map((a) => [a.name, a.id]));

interface Unit {
  account_id: string;
  account_name: string;
  region: string;
  ok: boolean;
  data?: { items: Array<Record<string, unknown>> };
  error?: { code: string; message: string };
}

describe("ops-agent ask --sandbox (model-free planner)", () => {
  test("running EC2 instances in production: a table of production's instances, the planner line", async () => {
    const r = await spawnCli(["ask", "--sandbox", "list running EC2 instances in production"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toStartWith(
      "Model-free planner (no model involved) chose the tool ec2_describe_instances; accounts: production;",
    );
    expect(r.stdout).toContain("arguments: states=running.");
    const ids = [...r.stdout.matchAll(/\bi-[0-9a-f]{17}\b/g)].map((m) => m[0]);
    expect(ids.sort()).toEqual([
      ...["1", "2", "3", "4", "5"].map((n) => `i-0a10c0ffee000000${n}`),
      ...["1", "2", "3"].map((n) => `i-0a11c0ffee000000${n}`),
    ]);
    // Every table section is production's; nothing from the other accounts, nothing stopped.
    const sections = r.stdout.split("\n").filter((l) => /^\S+ \(\d{12}\) · /.test(l));
    expect(sections).toEqual([
      `production (${ID.production}) · us-east-1 · 5`,
      `production (${ID.production}) · eu-west-1 · 3`,
    ]);
    expect(r.stdout).not.toMatch(/\b(stopped|staging|development)\b/);
    expect(r.stdout).toContain("Summary: 8 instances in 1 of 1 account; 3 of 3 calls answered.");
    expect(r.stderr).toMatch(
      /^▸ ec2_describe_instances accounts=production regions=default 3\/3 ok \d+\.\ds\n$/,
    );
  });

  test("public S3 buckets: the public buckets of several accounts (also from the compiled binary)", async () => {
    const question = "which S3 buckets are public?";
    const r = await spawnCli(["ask", "--sandbox", question]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("chose the tool s3_get_bucket_policy_status; accounts: all;");
    const publicRows = r.stdout.split("\n").filter((l) => /\s+true\s+true\s*$/.test(l));
    expect(publicRows.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      "acme-prod-web-assets",
      "acme-staging-web-assets",
      "acme-dev-ml-datasets",
    ]);
    expect(r.stdout).not.toMatch(/\s+false\s*$/m);
    expect(r.stdout).toContain(`staging (${ID.staging}) · us-east-1 · 1`);
    expect(r.stdout).toContain(`development (${ID.development}) · us-west-2 · 1`);
    const binary = runBinary(["ask", "--sandbox", question]);
    expect(binary.status).toBe(0);
    expect(binary.stdout).toBe(r.stdout);
  });

  test("a change request is answered refused (exit 2); an unmappable question is declined (exit 2)", async () => {
    const [terminate, unmapped, json] = await Promise.all([
      spawnCli(["ask", "--sandbox", "terminate instance i-123"]),
      spawnCli(["ask", "--sandbox", "what is the meaning of life?"]),
      spawnCli(["ask", "--sandbox", "--output", "json", "terminate instance i-123"]),
    ]);
    expect(terminate.status).toBe(2);
    expect(terminate.stdout).toStartWith("ops-agent is read-only: it will not terminate anything.");
    expect(terminate.stderr).toBe("");
    expect(unmapped.status).toBe(2);
    expect(unmapped.stdout).toStartWith("The model-free planner could not map this question to a tool");
    expect(unmapped.stdout).toContain("ops-agent tools lists what can be queried");
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "refused", tool_calls: [] });
  });

  test("a condition it cannot apply is declined with exit 2, quoting it; a negation is applied", async () => {
    const [older, notPublic, json] = await Promise.all([
      spawnCli(["ask", "--sandbox", "RDS instances older than 90 days"]),
      spawnCli(["ask", "--sandbox", "buckets that are not public"]),
      spawnCli(["ask", "--sandbox", "--output", "json", "which instances cost the most?"]),
    ]);
    expect(older.status).toBe(2);
    expect(older.stdout).toStartWith(
      "The model-free planner could not apply “older than 90 days” (a comparison)",
    );
    expect(older.stderr).toBe("");
    expect(notPublic.status).toBe(0);
    expect(notPublic.stdout).toContain("filtered client-side: is_public ≠ true.");
    expect(notPublic.stdout).not.toContain("acme-prod-web-assets");
    expect(notPublic.stdout).toContain("acme-prod-app-uploads");
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "declined", tool_calls: [] });
  });

  test("--session: “and in staging?” follows the previous question of the session, between processes", async () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "ops-agent-planner-")) };
    const first = await spawnCli(
      ["ask", "--sandbox", "--session", "p-1", "RDS instances without Multi-AZ in prod"],
      {
        env,
      },
    );
    expect(first.status).toBe(0);
    const second = await spawnCli(["ask", "--sandbox", "--session", "p-1", "and in staging?"], { env });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(
      "chose the tool rds_describe_db_instances; accounts: staging; regions: each account's regions; filtered client-side: multi_az = false.",
    );
    expect(second.stdout).toContain("stg-analytics-temp");
    const alone = await spawnCli(["ask", "--sandbox", "and in staging?"], { env });
    expect(alone.status).toBe(2);
  });

  test("a unit failed: exit 3 (as call), status partial", async () => {
    const r = await spawnCli(["ask", "--sandbox", "--output", "json", "list lambda functions"]);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).status).toBe("partial");
  });

  test("--output json: one document from the model-free planner", async () => {
    const r = await spawnCli([
      "ask",
      "--sandbox",
      "--output",
      "json",
      "list running EC2 instances in production",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.model_id).toBe("ops-agent/model-free-planner");
    expect(doc.status).toBe("ok");
    expect(doc.iterations).toBe(1);
    expect(doc.tool_calls).toEqual([
      expect.objectContaining({
        tool: "ec2_describe_instances",
        input: { states: ["running"], accounts: ["production"], regions: [] },
        ok: true,
        units: 3,
        failed: 0,
      }),
    ]);
    expect(doc.answer).toContain("i-0a11c0ffee0000003");
    expect(doc.usage).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
    });
  });
});

describe("ops-agent call --sandbox", () => {
  test("every account: results from the workload accounts, the SCP-denied unit is E_AWS_ACCESS_DENIED; exit 3", async () => {
    const [json, csv] = await Promise.all([
      spawnCli(["call", "lambda_list_functions", "--sandbox", "--output", "json"]),
      spawnCli(["call", "lambda_list_functions", "--sandbox", "--output", "csv"]),
    ]);
    expect(json.status).toBe(3);
    const doc = JSON.parse(json.stdout) as { tool: string; results: Unit[]; summary: Record<string, number> };
    expect(doc.tool).toBe("lambda_list_functions");
    const answered = doc.results.filter((u) => u.ok);
    const accounts = new Set(answered.map((u) => u.account_name));
    expect(accounts.size).toBeGreaterThanOrEqual(4);
    expect(answered.flatMap((u) => u.data?.items.map((i) => i.name) ?? [])).toContain("orders-webhook");
    const failed = doc.results.filter((u) => !u.ok);
    expect(failed.map((u) => [u.account_name, u.region, u.error?.code])).toEqual([
      ["staging", "eu-west-1", "E_AWS_ACCESS_DENIED"],
    ]);
    expect(failed[0]?.error?.message).toContain("explicit deny in a service control policy");
    expect(doc.summary).toMatchObject({ units: doc.results.length, ok: answered.length, failed: 1 });

    expect(csv.status).toBe(3);
    const rows = parseCsv(csv.stdout);
    const header = rows[0]!;
    expect(header.slice(0, 4)).toEqual(["account_id", "account_name", "region", "name"]);
    const body = rows.slice(1);
    expect(body.every((row) => row.length === header.length)).toBe(true);
    const itemCount = answered.reduce((n, u) => n + (u.data?.items.length ?? 0), 0);
    expect(body).toHaveLength(itemCount);
    const arch = header.indexOf("architectures");
    expect(body.map((row) => JSON.parse(row[arch]!))).toContainEqual(["arm64"]);
    expect(new Set(body.map((row) => row[1]))).toEqual(accounts);
    expect(csv.stderr).toContain("staging eu-west-1 E_AWS_ACCESS_DENIED");
  });
});

describe("ops-agent call --sandbox --regions", () => {
  test("all: each account's enabled regions, discovered with account:ListRegions through the MCP server", async () => {
    const r = await spawnCli([
      "call",
      "ec2_describe_vpcs",
      "--sandbox",
      "--regions",
      "all",
      "--output",
      "json",
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: Unit[] };
    const enabled = [...new Set(sandboxAccounts().flatMap((a) => a.regions))].sort();
    const workload = sandboxAccounts().filter((a) => a.role === "workload");
    expect(doc.results.map((u) => `${u.account_name}/${u.region}`).sort()).toEqual(
      workload.flatMap((a) => enabled.map((region) => `${a.name}/${region}`)).sort(),
    );
  });

  test("all on a global listing (S3 ListBuckets): one call per account, each bucket keeps its region", async () => {
    const [all, listed] = await Promise.all([
      spawnCli(["call", "s3_list_buckets", "--sandbox", "--regions", "all", "--output", "json"]),
      spawnCli([
        "call",
        "s3_list_buckets",
        "--sandbox",
        "--regions",
        "us-east-1,eu-west-1,us-west-2",
        "--output",
        "json",
      ]),
    ]);
    const doc = JSON.parse(all.stdout) as { results: Unit[] };
    const perRegion = JSON.parse(listed.stdout) as { results: Unit[] };
    expect(doc.results).toHaveLength(sandboxAccounts().filter((a) => a.role === "workload").length);
    const buckets = (d: { results: Unit[] }) =>
      d.results
        .flatMap((u) => u.data?.items.map((i) => `${u.account_name}/${i.name}@${i.region}`) ?? [])
        .sort();
    expect(buckets(doc)).toEqual(buckets(perRegion));
    expect(new Set(buckets(doc).map((b) => b.split("@")[1])).size).toBeGreaterThan(1);
  });

  test("a typo gets did-you-mean, before any request; a region the organization has not enabled fails", async () => {
    const typo = await spawnCli(["call", "ec2_describe_vpcs", "--sandbox", "--regions", "eu-wset-1"]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown AWS region "eu-wset-1"');
    expect(typo.stderr).toContain('did you mean "eu-west-1"');
    const off = await spawnCli([
      "call",
      "ec2_describe_vpcs",
      "--sandbox",
      "--accounts",
      "production",
      "--regions",
      "AP-SOUTH-1",
      "--output",
      "json",
    ]);
    const doc = JSON.parse(off.stdout) as { results: Unit[] };
    expect(doc.results.map((u) => [u.region, u.error?.code])).toEqual([
      ["ap-south-1", "E_AWS_REGION_DISABLED"],
    ]);
  });
});

/** RFC 4180: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      rows.push([...row, field]);
      row = [];
      field = "";
    } else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
