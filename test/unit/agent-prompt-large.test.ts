import { describe, expect, test } from "bun:test";
import { PROMPT_ACCOUNTS_LIMIT, renderAccountDirectory } from "../../src/agent/prompt.ts";
import { generateOrganization } from "../../src/sandbox/generate/org.ts";
import { registryItems } from "../../src/tools/specs.ts";

// The system prompt's account directory for a large organization (the generated sandbox one, with OUs).
const accountsOf = (n: number) =>
  generateOrganization(n)
    .accounts.filter((a) => a.state === "ACTIVE")
    .map((a) => ({ ...a.account, ou: a.parentId.startsWith("r-") ? "" : "x" }));

describe("account directory in the system prompt", () => {
  test(`up to ${PROMPT_ACCOUNTS_LIMIT} accounts: one line each`, () => {
    const accounts = accountsOf(PROMPT_ACCOUNTS_LIMIT);
    expect(renderAccountDirectory(accounts).split("\n")).toHaveLength(accounts.length);
  });

  test("more: counts per environment with their selectors and per OU, the central account, and where the rest is", () => {
    const accounts = accountsOf(300);
    const text = renderAccountDirectory(accounts);
    expect(text.length).toBeLessThan(2000);
    const production = accounts.filter((a) => a.environment === "production").length;
    expect(text).toContain(`production ${production} (env:production)`);
    expect(text).toContain("call list_accounts");
    expect(text).toContain("- OUs: ");
    const central = accounts.find((a) => a.role === "central")!;
    expect(text).toContain(`- ${central.id} ${central.name} environment=${central.environment} CENTRAL`);
    expect(text).not.toContain(accounts.find((a) => a.role === "workload")!.id);
  });

  test("list_accounts carries the OU of discovered accounts (and nothing new for registry ones)", () => {
    const [discovered] = accountsOf(2);
    expect(registryItems([{ ...discovered!, ou: "Workloads/Prod" }])[0]).toMatchObject({
      ou: "Workloads/Prod",
    });
    const { ou: _, ...registry } = discovered!;
    expect(registryItems([registry])[0]).not.toHaveProperty("ou");
  });
});
