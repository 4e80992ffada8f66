import { describe, expect, test } from "bun:test";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { orgCacheKey } from "../../src/cli/directory.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Config } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { discoverOrganization } from "../../src/org/discover.ts";
import { membersToAccounts } from "../../src/org/members.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { createExecutor } from "../../src/tools/executor.ts";

/** The organization cache's key, and how discovery classifies a refused call (by code, never words). */
const config = (mode: "iam" | "sso" = "iam", central = "111111111111"): Config => ({
  settings: {
    ...defaultSettings,
    auth: { ...defaultSettings.auth, mode, sso: { ...defaultSettings.auth.sso, session: "corp" } },
  },
  accounts: [{ id: central, name: "c", environment: "e", role: "central", regions: [], aliases: [] }],
  env: { endpoints: {}, home: "/" },
  sources: {},
});

describe("organization cache key", () => {
  test("two organizations' keys exported in turn do not share a cache; the same identity does", () => {
    const iam = { mode: "iam" as const, reason: "" };
    const a = orgCacheKey(config(), iam, { AWS_ACCESS_KEY_ID: "AKIAORGA00000000000A" });
    const b = orgCacheKey(config(), iam, { AWS_ACCESS_KEY_ID: "AKIAORGB00000000000B" });
    expect(a).not.toBe(b);
    expect(orgCacheKey(config(), iam, { AWS_ACCESS_KEY_ID: "AKIAORGA00000000000A" })).toBe(a);
    expect(orgCacheKey(config(), iam, { AWS_ROLE_ARN: "arn:aws:iam::1:role/x" })).not.toBe(
      orgCacheKey(config(), iam, { AWS_ROLE_ARN: "arn:aws:iam::2:role/x" }),
    );
    expect(orgCacheKey(config(), iam, {})).toMatch(/^[0-9a-f]{16}$/);
  });

  test("SSO: the registry's central account names the organization", () => {
    const sso = { mode: "sso" as const, reason: "" };
    expect(orgCacheKey(config("sso", "111111111111"), sso, {})).not.toBe(
      orgCacheKey(config("sso", "222222222222"), sso, {}),
    );
  });
});

function refusing(name: string, message: string): OrganizationsClient {
  const error = Object.assign(new Error(message), { name });
  return { send: () => Promise.reject(error) } as unknown as OrganizationsClient;
}

async function failure(client: OrganizationsClient): Promise<OpsError> {
  const error = await discoverOrganization({ client, logger: silentLogger }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpsError);
  return error as OpsError;
}

describe("discovery errors are classified by the error's code", () => {
  test.each([
    ["AccessDeniedException", "User: arn:aws:sts::1:assumed-role/x is not authorized"],
    ["AWSOrganizationsNotInUseException", "Your account is not a member of an organization."],
  ])("%s is access denied, with the hint", async (name, message) => {
    const e = await failure(refusing(name, message));
    expect(e.code).toBe("E_AWS_ACCESS_DENIED");
    expect(e.hint).toContain("delegated administrator");
  });

  test("words in the message of another error do not make it access denied", async () => {
    const e = await failure(refusing("InvalidInputException", "AccessDenied: not authorized (echoed input)"));
    expect(e.code).toBe("E_AWS_API");
    expect(e.message).toContain("organizations:DescribeOrganization: InvalidInputException");
  });
});

test("an include_ous entry that matches no account (a typo) is a warning naming the OUs seen", () => {
  const lines: string[] = [];
  const logger = createLogger({ level: "warn", format: "json", write: (line) => void lines.push(line) });
  const member = (id: string, ou: string) => ({ id, name: `m${id}`, ou, ou_ids: [`ou-${ou}`], tags: {} });
  const snapshot = {
    accounts: [member("100000000001", "Workloads/Prod"), member("100000000002", "Security")],
    calls: 1,
  };
  const settings = { ...defaultSettings.organizations, include_ous: ["Workloads/Prd", "security"] };
  const accounts = membersToAccounts(snapshot, settings, logger);
  expect(accounts.map((a) => a.id)).toEqual(["100000000002"]);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0] as string) as { msg?: string; message?: string; ous: string };
  expect(line.msg ?? line.message).toBe('organizations.include_ous: "Workloads/Prd" matches no account');
  expect(line.ous).toBe("Security, Workloads/Prod");
});

test("discovery on and no workload account left: the error points at the filters, not at the registry", async () => {
  const base = config();
  const settings = { ...base.settings, organizations: { ...base.settings.organizations, enabled: true } };
  const executor = createExecutor({
    config: { ...base, settings, accounts: [] },
    pluginTools: loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools,
    mcp: {
      callTool: () => Promise.reject(new Error("no call expected")),
      listTools: async () => [],
      close: async () => {},
    },
    logger: silentLogger,
  });
  const error = await executor.invoke("ec2_describe_vpcs", {}).then(
    () => undefined,
    (e: unknown) => e as OpsError,
  );
  expect(error?.message).toBe(
    "no accounts to query: neither the registry nor Organizations discovery gives a workload account",
  );
  expect(error?.hint).toContain("organizations.include_ous");
});
