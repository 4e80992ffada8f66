import { expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account } from "../../src/config/types.ts";
import { OpsError } from "../../src/errors.ts";
import { silentLogger } from "../../src/log.ts";
import { createMemoryOrgCache } from "../../src/org/cache.ts";
import { createAccountDirectory } from "../../src/org/directory.ts";
import type { OrgSnapshot } from "../../src/org/discover.ts";
import { until } from "../helpers/until.ts";

/**
 * The account directory's cache life: reused within `cache_ttl_seconds`, read again after it or on
 * `refresh` (`accounts --refresh`); a failed discovery falls back to an expired cache and says so;
 * `serve` refreshes in the background once the TTL passed, one discovery at a time.
 */
const TTL_S = 3600;
const member = (id: string, name: string) => ({ id, name, ou: "Workloads", ou_ids: ["ou-1"], tags: {} });
const registry: Account[] = [
  { id: "100000000001", name: "listed", environment: "prod", role: "workload", regions: [], aliases: [] },
];

function setup() {
  let clock = 1_000_000;
  let generation = 0;
  let failWith: OpsError | undefined;
  let release: (() => void) | undefined;
  const discover = async (): Promise<OrgSnapshot> => {
    generation++;
    const n = generation;
    if (release === undefined && failWith) throw failWith;
    if (release !== undefined) await new Promise<void>((r) => (release = r));
    return {
      management_account_id: "100000000000",
      accounts: [member(`20000000000${n}`, `gen-${n}`)],
      calls: 3,
    };
  };
  const directory = createAccountDirectory({
    registry,
    settings: { ...defaultSettings.organizations, enabled: true, cache_ttl_seconds: TTL_S },
    discover,
    cache: createMemoryOrgCache(),
    logger: silentLogger,
    now: () => clock,
  });
  return {
    directory,
    names: () => directory.accounts().map((a) => a.name),
    discoveries: () => generation,
    advance: (s: number) => {
      clock += s * 1000;
    },
    fail: (e: OpsError | undefined) => {
      failWith = e;
    },
    hold: () => {
      release = () => {};
    },
    finish: () => {
      const r = release;
      release = undefined;
      r?.();
    },
  };
}

test("reused within the TTL, discovered again after it or on refresh", async () => {
  const s = setup();
  await s.directory.load();
  expect(s.names()).toEqual(["listed", "gen-1"]);
  expect(s.directory.info()).toMatchObject({ source: "organizations", from_cache: false, calls: 3 });
  s.advance(TTL_S - 1);
  await s.directory.load();
  expect([s.discoveries(), s.directory.info().from_cache]).toEqual([1, true]);
  await s.directory.load({ refresh: true });
  expect([s.discoveries(), s.names()]).toEqual([2, ["listed", "gen-2"]]);
  s.advance(TTL_S);
  await s.directory.load();
  expect([s.discoveries(), s.names()]).toEqual([3, ["listed", "gen-3"]]);
});

test("a failed discovery uses the expired cache and says why; with no cache it is the error", async () => {
  const s = setup();
  s.fail(new OpsError("E_AWS_API", "organizations:ListAccounts: boom"));
  await expect(s.directory.load()).rejects.toMatchObject({ code: "E_AWS_API" });
  s.fail(undefined);
  await s.directory.load();
  s.advance(TTL_S + 1);
  s.fail(new OpsError("E_AWS_API", "organizations:ListAccounts: boom"));
  await s.directory.load();
  expect(s.names()).toEqual(["listed", "gen-2"]);
  expect(s.directory.info()).toMatchObject({
    from_cache: true,
    stale: "E_AWS_API: organizations:ListAccounts: boom",
  });
});

test("serve: after the TTL one background discovery; the accounts in use stay until it lands", async () => {
  const s = setup();
  await s.directory.load();
  s.directory.refreshIfStale();
  expect(s.discoveries()).toBe(1);
  s.advance(TTL_S + 1);
  s.hold();
  s.directory.refreshIfStale();
  s.directory.refreshIfStale();
  expect(s.discoveries()).toBe(2);
  expect(s.names()).toEqual(["listed", "gen-1"]);
  s.finish();
  await until(() => s.names().includes("gen-2"));
  expect(s.names()).toEqual(["listed", "gen-2"]);
});
