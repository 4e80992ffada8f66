import { describe, expect, test } from "bun:test";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { orgCacheKey } from "../../src/cli/directory.ts";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Config } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import { discoverOrganization } from "../../src/org/discover.ts";

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
