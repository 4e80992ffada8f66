import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { type Plan, planQuestion } from "../../src/planner/plan.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { generateOrganization } from "../../src/sandbox/generate/org.ts";
import { listAccountsSpec } from "../../src/tools/specs.ts";
import type { ToolSpec } from "../../src/tools/types.ts";

// The planner over a large organization where many accounts share an environment (the generated
// sandbox organization): an environment word selects all of them, not the first account that has it.
const plugins = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
const tools: ToolSpec[] = [
  listAccountsSpec,
  ...plugins.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
];
const accounts = generateOrganization(60)
  .accounts.filter((a) => a.state === "ACTIVE")
  .map((a) => a.account);
const plan = (q: string) => planQuestion(q, { tools, accounts }) as Plan;

describe("planner: environments of a large organization", () => {
  test("'in production' is env:production", () => {
    expect(accounts.filter((a) => a.environment === "production").length).toBeGreaterThan(1);
    expect(plan("which EC2 instances are stopped in production?").accounts).toEqual(["env:production"]);
  });

  test("'outside production' is every workload account of another environment", () => {
    const others = accounts.filter((a) => a.role === "workload" && a.environment !== "production");
    expect([...plan("lambda functions outside production").accounts].sort()).toEqual(
      others.map((a) => a.name).sort(),
    );
  });

  test("an account's own name still selects that account", () => {
    const one = accounts.find((a) => a.environment === "staging")!;
    expect(plan(`RDS instances in ${one.name}`).accounts).toEqual([one.name]);
  });
});
