import { describe, expect, test } from "bun:test";
import type { Account } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { accountsWantingAll, parseSelectors, planUnits, selectAccounts } from "../../src/tools/select.ts";
import { thrown } from "../helpers/thrown.ts";

const account = (id: string, name: string, environment: string, extra: Partial<Account> = {}): Account => ({
  id,
  name,
  environment,
  role: "workload",
  regions: [],
  aliases: [],
  ...extra,
});

const registry: Account[] = [
  account("111111111111", "management", "shared", { role: "central", aliases: ["mgmt"] }),
  account("222222222222", "prod-app", "production", {
    aliases: ["Prod"],
    regions: ["us-east-1", "eu-west-1"],
  }),
  account("333333333333", "prod-data", "production"),
  account("444444444444", "staging", "staging", { regions: ["eu-central-1"] }),
];

const names = (accounts: Account[]) => accounts.map((a) => a.name);

describe("selectAccounts", () => {
  test("no selector means every workload account, never the central one", () => {
    expect(names(selectAccounts(registry, undefined))).toEqual(["prod-app", "prod-data", "staging"]);
    expect(names(selectAccounts(registry, []))).toEqual(["prod-app", "prod-data", "staging"]);
    expect(names(selectAccounts(registry, ["all"]))).toEqual(["prod-app", "prod-data", "staging"]);
  });

  test("ids, names and aliases select, case-insensitively; central only when named", () => {
    expect(names(selectAccounts(registry, ["333333333333"]))).toEqual(["prod-data"]);
    expect(names(selectAccounts(registry, ["PROD-APP"]))).toEqual(["prod-app"]);
    expect(names(selectAccounts(registry, ["prod"]))).toEqual(["prod-app"]);
    expect(names(selectAccounts(registry, ["MGMT", "staging"]))).toEqual(["management", "staging"]);
  });

  test("env:<environment> selects workload accounts of that environment; duplicates collapse in registry order", () => {
    expect(names(selectAccounts(registry, ["env:Production"]))).toEqual(["prod-app", "prod-data"]);
    expect(names(selectAccounts(registry, ["staging", "env:production", "prod-app"]))).toEqual([
      "prod-app",
      "prod-data",
      "staging",
    ]);
  });

  test("an unknown selector is E_UNKNOWN_ACCOUNT on one line, with the nearest spelling, never the whole registry", () => {
    const error = thrown(() =>
      selectAccounts(registry, ["prod-app", "nope", "env:qa", "prod-dta", "env:productoin"]),
    );
    expect(error.code).toBe("E_UNKNOWN_ACCOUNT");
    expect(error.message).toBe(
      'unknown accounts "nope", "env:qa", "prod-dta" (did you mean "prod-data"?), "env:productoin" (did you mean "env:production"?)',
    );
    expect(error.hint).toContain("ops-agent accounts");
  });
});

describe("planUnits", () => {
  const selected = registry.slice(1);

  test("each account's regions, else the default region", () => {
    expect(planUnits(selected, undefined, "us-west-2").map((u) => `${u.account.name}/${u.region}`)).toEqual([
      "prod-app/us-east-1",
      "prod-app/eu-west-1",
      "prod-data/us-west-2",
      "staging/eu-central-1",
    ]);
  });

  test("request regions apply to every account", () => {
    expect(planUnits(selected, ["ap-south-1", "ap-south-1"], "us-west-2").map((u) => u.region)).toEqual([
      "ap-south-1",
      "ap-south-1",
      "ap-south-1",
    ]);
  });

  test("bad region names are E_VALIDATION before anything runs", () => {
    const error = thrown(() => planUnits(selected, ["us-east-1", "mars-1", "eu-wset-1"], "us-west-2"));
    expect(error.code).toBe("E_VALIDATION");
    expect(error.message).toBe('unknown AWS region "mars-1"; unknown AWS region "eu-wset-1"');
    expect(error.hint).toBe(
      'mars-1: regions look like us-east-1, eu-central-1; eu-wset-1: did you mean "eu-west-1" or "eu-west-2" or "eu-west-3"?',
    );
    expect(error.details?.field).toBe("regions");
  });

  test("region names are case-insensitive; duplicates collapse", () => {
    expect(
      planUnits(selected.slice(0, 1), ["US-EAST-1", "us-east-1"], "us-west-2").map((u) => u.region),
    ).toEqual(["us-east-1"]);
  });

  test("all: each account's enabled regions; an account whose discovery failed fails alone", () => {
    const [a, b] = selected;
    const enabled = new Map<string, string[] | OpsError>([
      [a!.id, ["eu-west-1", "us-east-1"]],
      [b!.id, new OpsError("E_AWS_ACCESS_DENIED", "denied")],
    ]);
    const units = planUnits([a!, b!], ["ALL"], "us-west-2", { enabled });
    expect(units.map((u) => `${u.account.name}/${u.region}/${u.error?.code ?? "ok"}`)).toEqual([
      `${a!.name}/eu-west-1/ok`,
      `${a!.name}/us-east-1/ok`,
      `${b!.name}/all/E_AWS_ACCESS_DENIED`,
    ]);
    expect(accountsWantingAll([a!, b!], undefined, { defaultRegions: ["all"] }).length).toBe(
      [a!, b!].filter((x) => x.regions.length === 0).length,
    );
    expect(thrown(() => planUnits([a!], ["all", "us-east-1"], "us-west-2")).message).toMatch(
      /cannot be combined/,
    );
  });
});

describe("parseSelectors (accounts/regions as models and MCP clients send them)", () => {
  test("arrays and comma-separated strings; empty means default", () => {
    expect(parseSelectors(["prod", " staging "], "accounts")).toEqual(["prod", "staging"]);
    expect(parseSelectors("prod, dev", "accounts")).toEqual(["prod", "dev"]);
    expect(parseSelectors(undefined, "accounts")).toBeUndefined();
    expect(parseSelectors("", "regions")).toBeUndefined();
  });

  test("anything else is a validation error, never silently 'all accounts'", () => {
    // Numbers too: a 12-digit id sent as a JSON number may have lost its leading zero.
    for (const bad of [{ a: 1 }, [true], 42, [123456789012], [["prod"]]]) {
      expect(() => parseSelectors(bad, "accounts")).toThrow(
        /"accounts" must be a string or an array of strings/,
      );
    }
  });
});
