import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Config } from "../../src/config/types.ts";
import { createIamProvider } from "../../src/credentials/iam.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import { silentLogger } from "../../src/log.ts";
import { createMcpPool } from "../../src/mcp/pool.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { applyPostFilter } from "../../src/planner/filter.ts";
import { type Plan, planQuestion } from "../../src/planner/plan.ts";
import { renderPlannedAnswer } from "../../src/planner/render.ts";
import { runPlan } from "../../src/planner/run.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { createExecutor } from "../../src/tools/executor.ts";
import type { CallResult, Executor } from "../../src/tools/types.ts";

// `ask --sandbox` without a model: question → plan → executor over the sandbox → rendered answer.
let sandbox: Sandbox;
let pool: McpPool;
let executor: Executor;

beforeAll(async () => {
  sandbox = await startSandbox({ logger: silentLogger });
  const settings = structuredClone(defaultSettings);
  settings.mcp = { ...settings.mcp, endpoint: sandbox.mcpEndpoint, signing_region: sandbox.signingRegion };
  const config: Config = {
    settings,
    accounts: sandbox.accounts,
    env: { endpoints: { sts: sandbox.stsEndpoint }, home: "/nonexistent" },
    sources: {},
  };
  const provider = createIamProvider({ settings, env: config.env, baseCredentials: sandbox.baseCredentials });
  const credentials = createCredentialStore({
    provider,
    accounts: sandbox.accounts,
    refreshBeforeMs: 300_000,
  });
  pool = createMcpPool({ settings: settings.mcp, credentials });
  const { tools } = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger });
  executor = createExecutor({ config, tools, mcp: pool, logger: silentLogger });
});
afterAll(async () => {
  await pool.close();
  await sandbox.close();
});

async function ask(question: string): Promise<{ plan: Plan; result: CallResult; text: string }> {
  const plan = planQuestion(question, { tools: executor.specs(), accounts: executor.accounts() });
  if (!("tool" in plan)) throw new Error(`not planned: ${JSON.stringify(plan)}`);
  const result = await runPlan(plan, executor);
  return { plan, result, text: renderPlannedAnswer(plan, result) };
}

const rows = (result: CallResult, key: string) =>
  result.results
    .filter((u) => u.ok)
    .flatMap((u) =>
      (u.data as { items: Array<Record<string, unknown>> }).items.map((i) => `${u.account_name}/${i[key]}`),
    );

describe("model-free answers over the sandbox", () => {
  test("running EC2 instances in production: a table per region and a summary", async () => {
    const { text, result } = await ask("list running EC2 instances in production");
    expect(text).toContain("chose the tool ec2_describe_instances");
    expect(text).toMatch(/production \(512345678901\) · us-east-1 · 5\n/);
    expect(text).toContain("Nothing found in: production/us-west-2");
    expect(text).toContain("prod-bastion");
    expect(text).not.toContain("legacy-reporting");
    expect(text).toContain("Summary: 8 instances in 1 of 1 account; 3 of 3 calls answered.");
    expect(result.summary.failed).toBe(0);
  });

  test("public S3 buckets across accounts", async () => {
    const { plan, result, text } = await ask("which S3 buckets are public?");
    expect(rows(applyPostFilter(plan, result), "bucket").sort()).toEqual([
      "development/acme-dev-ml-datasets",
      "production/acme-prod-web-assets",
      "staging/acme-staging-web-assets",
    ]);
    expect(text).toContain("matching is_public = true in 3 of 4 accounts");
  });

  test("RDS instances without Multi-AZ in all accounts, including the production one", async () => {
    const { plan, result } = await ask("RDS instances without Multi-AZ in all accounts");
    const ids = rows(applyPostFilter(plan, result), "id");
    expect(ids).toContain("production/prod-billing-mysql");
    expect(ids).not.toContain("production/prod-eu-orders");
  });

  test("ECS services below their desired count: clusters are listed first, then each is asked", async () => {
    const { plan, result, text } = await ask("ECS services with fewer running than desired tasks");
    expect(plan.expand?.from).toBe("ecs_describe_clusters");
    expect(rows(applyPostFilter(plan, result), "name").sort()).toEqual([
      "production/checkout",
      "staging/notifications",
    ]);
    expect(text).toContain("CLUSTER");
    expect(text).toContain("prod-web");
  });

  test("deprecated Lambda runtimes: the SCP-denied region shows as a failure, the rest answer", async () => {
    const { plan, result, text } = await ask("Lambda functions on deprecated runtimes");
    const names = rows(applyPostFilter(plan, result), "name");
    expect(names).toEqual(
      expect.arrayContaining([
        "production/billing-report-generator",
        "production/legacy-sqs-consumer",
        "staging/stg-smoke-tests",
      ]),
    );
    expect(text).toContain("Failed:");
    expect(text).toMatch(/staging \(623456789012\) · eu-west-1 · E_AWS_ACCESS_DENIED/);
    expect(text).toContain("1 failed");
  });

  test("EKS clusters with a public endpoint on an old version", async () => {
    const { plan, result } = await ask("EKS clusters with a public endpoint on old versions");
    expect(rows(applyPostFilter(plan, result), "name")).toEqual([
      "development/dev-legacy",
      "development/ml-sandbox",
    ]);
  });
});
