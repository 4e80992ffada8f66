import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger, silentLogger } from "../../src/log.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import type { Executor } from "../../src/tools/types.ts";
import { wireSandbox } from "../helpers/sandbox-wire.ts";

// The production code path from the credential store down, against the sandbox endpoints:
// IAM provider (real STS client) → credential store → SigV4 MCP pool (real MCP SDK) → executor.
let sandbox: Sandbox;
let pool: McpPool;
let executor: Executor;
const lines: string[] = [];

beforeAll(async () => {
  const logger = createLogger({ level: "debug", format: "json", write: (l) => void lines.push(l) });
  sandbox = await startSandbox({ logger });
  ({ pool, executor } = wireSandbox(sandbox, logger));
});
afterAll(async () => {
  await pool.close();
  await sandbox.close();
});

describe("sandbox end to end", () => {
  test("running instances in production: every region of the account answers", async () => {
    const result = await executor.invoke("ec2_describe_instances", {
      states: ["running"],
      accounts: ["production"],
    });
    expect(result.summary).toMatchObject({ units: 3, ok: 3, failed: 0 });
    const names = result.results.flatMap(
      (r) => (r.data as { items: Array<{ name: string; state: string }> }).items,
    );
    expect(names.every((i) => i.state === "running")).toBe(true);
    expect(names.map((i) => i.name)).toContain("win-jumphost");
    expect(names.map((i) => i.name)).not.toContain("prod-dr-standby");
  });

  test("all workload accounts and their regions: the public buckets of several accounts", async () => {
    const result = await executor.invoke("s3_get_bucket_policy_status", { accounts: ["all"] });
    expect(result.summary.failed).toBe(0);
    const publicBuckets = result.results.flatMap((r) =>
      (r.data as { items: Array<{ bucket: string; is_public: boolean }> }).items
        .filter((i) => i.is_public === true)
        .map((i) => `${r.account_name}/${i.bucket}`),
    );
    expect(publicBuckets.sort()).toEqual([
      "development/acme-dev-ml-datasets",
      "production/acme-prod-web-assets",
      "staging/acme-staging-web-assets",
    ]);
  });

  test("an SCP denial fails one unit and leaves the others answering", async () => {
    const result = await executor.invoke("lambda_list_functions", { accounts: ["staging", "prod"] });
    const failed = result.results.filter((r) => !r.ok);
    expect(failed.map((r) => `${r.account_name}/${r.region}`)).toEqual(["staging/eu-west-1"]);
    expect(failed[0]?.error?.code).toBe("E_AWS_ACCESS_DENIED");
    expect(result.summary.ok).toBe(result.summary.units - 1);
  });

  // About 200 MCP calls (19 tools × 10 account-regions).
  test("every tool without required arguments answers in every account and region (but the SCP-denied one)", async () => {
    const free = executor
      .specs()
      .filter((t) => ((t.inputSchema.required as string[] | undefined) ?? []).length === 0);
    expect(free.length).toBeGreaterThan(15);
    for (const spec of free) {
      const result = await executor.invoke(spec.name, { accounts: ["all", "central"] });
      const failed = result.results
        .filter((r) => !r.ok)
        .map((r) => `${spec.name} ${r.account_name}/${r.region}: ${r.error?.code}`);
      const expected = spec.name.startsWith("lambda_")
        ? [`${spec.name} staging/eu-west-1: E_AWS_ACCESS_DENIED`]
        : [];
      expect(failed).toEqual(expected);
    }
  });

  test("debug logs show assume role → signed call → result, with keys masked and no secrets", async () => {
    await executor.invoke("rds_describe_db_instances", { accounts: ["data"], regions: ["us-east-1"] });
    const log = lines.join("");
    expect(log).toContain("sandbox sts: assume role");
    expect(log).toContain("sandbox mcp: signed call");
    expect(log).toContain("sandbox mcp: result");
    expect(log).toMatch(/"key":"\*\*\*\*[A-Z2-7]{4}"/);
    expect(log).not.toMatch(/ASIA[A-Z2-7]{16}/);
    expect(log).not.toContain(sandbox.baseCredentials.secretAccessKey);
  });
});

describe("sandbox end to end, SSE answers and text-only tool results", () => {
  test("the MCP client handles text/event-stream and parses the JSON text envelope", async () => {
    const box = await startSandbox({ logger: silentLogger, responseMode: "sse", envelope: "text" });
    const wired = wireSandbox(box, silentLogger);
    try {
      const result = await wired.executor.invoke("eks_describe_clusters", { accounts: ["dev"] });
      expect(result.summary).toMatchObject({ units: 2, ok: 2 });
      const names = result.results.flatMap((r) =>
        (r.data as { items: Array<{ name: string }> }).items.map((i) => i.name),
      );
      expect(names.sort()).toEqual(["dev-legacy", "ml-sandbox"]);
    } finally {
      await wired.pool.close();
      await box.close();
    }
  });
});
