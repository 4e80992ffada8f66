import { describe, expect, test } from "bun:test";
import type { Account } from "../../src/config/types.ts";
import { checkAccounts } from "../../src/credentials/check.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import type { CredentialProvider } from "../../src/credentials/types.ts";
import { OpsError } from "../../src/errors.ts";

const account = (i: number): Account => ({
  id: String(100000000000 + i),
  name: `acct-${i}`,
  environment: "test",
  role: "workload",
  regions: [],
  aliases: [],
});

/** A provider (the contract the store consumes) that holds each fetch until released and counts overlap. */
function gated(failing: Set<string>) {
  let inFlight = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  const provider: CredentialProvider = {
    name: "iam",
    async fetch(a) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      if (failing.has(a.id)) throw new OpsError("E_ASSUME_ROLE", `access denied assuming role in ${a.id}`);
      return {
        accessKeyId: `ASIAEXAMPLE${a.id}`,
        secretAccessKey: "secret-never-in-rows",
        sessionToken: "token-never-in-rows",
        expiration: new Date(Date.now() + 3_600_000),
        accountId: a.id,
        source: "assume-role",
      };
    },
  };
  /** Releases held fetches one at a time until `done` settles. */
  const releaseUntil = async (done: Promise<unknown>) => {
    let settled = false;
    done.finally(() => {
      settled = true;
    });
    while (!settled) {
      waiting.shift()?.();
      await Bun.sleep(0);
    }
  };
  return { provider, peak: () => peak, releaseUntil, waiting: () => waiting.length };
}

describe("checkAccounts (accounts --check)", () => {
  test("bounded concurrency; one failure never stops the others; rows carry no secrets", async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => account(i));
    const failing = new Set([accounts[5]!.id]);
    const g = gated(failing);
    const store = createCredentialStore({ provider: g.provider, accounts, refreshBeforeMs: 0 });
    const done = checkAccounts({ store, accounts, concurrency: 3 });
    await Bun.sleep(0);
    expect(g.waiting()).toBe(3);
    await g.releaseUntil(done);
    const rows = await done;
    expect(g.peak()).toBe(3);
    expect(rows.map((r) => r.account_id)).toEqual(accounts.map((a) => a.id));
    expect(rows.filter((r) => r.ok)).toHaveLength(11);
    expect(rows[5]).toMatchObject({ ok: false, source: "iam", error: { code: "E_ASSUME_ROLE" } });
    const text = JSON.stringify(rows);
    expect(text).not.toContain("secret-never-in-rows");
    expect(text).not.toContain("token-never-in-rows");
    expect(text).not.toContain("ASIAEXAMPLE");
  });
});
