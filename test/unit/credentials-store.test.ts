import { describe, expect, test } from "bun:test";
import type { Account } from "../../src/config/types.ts";
import { createCredentialStore } from "../../src/credentials/store.ts";
import type { AwsCredentials, CredentialProvider } from "../../src/credentials/types.ts";
import { OpsError } from "../../src/errors.ts";

// A provider scripted per call; the store's own logic (cache, clock, single-flight) is what is tested.
const account = (id: string): Account => ({
  id,
  name: `acct-${id}`,
  environment: "test",
  role: "workload",
  regions: [],
  aliases: [],
});

function scripted(lifetimeMs: number, clock: { t: number }) {
  const calls: string[] = [];
  let fail: ((id: string) => Error | undefined) | undefined;
  const provider: CredentialProvider = {
    name: "iam",
    async fetch(a, role) {
      calls.push(`${a.id}:${role ?? ""}`);
      await Promise.resolve();
      const error = fail?.(a.id);
      if (error) throw error;
      return {
        accessKeyId: `ASIA${calls.length}`,
        secretAccessKey: "s",
        sessionToken: "t",
        expiration: new Date(clock.t + lifetimeMs),
        accountId: a.id,
        source: "assume-role",
      } satisfies AwsCredentials;
    },
  };
  return { provider, calls, setFail: (f: typeof fail) => (fail = f) };
}

describe("credential store", () => {
  test("concurrent cold gets share one fetch", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 300_000,
      now: () => clock.t,
    });
    const all = await Promise.all(Array.from({ length: 50 }, () => store.get("111111111111")));
    expect(p.calls.length).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
  });

  test("refreshes exactly refreshBeforeMs before expiration and never hands out expired credentials", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 300_000,
      now: () => clock.t,
    });
    const first = await store.get("111111111111");
    const edge = first.expiration!.getTime() - 300_000;
    clock.t = edge - 1;
    expect((await store.get("111111111111")).accessKeyId).toBe(first.accessKeyId);
    expect(p.calls.length).toBe(1);
    clock.t = edge;
    const second = await store.get("111111111111");
    expect(p.calls.length).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBeGreaterThan(clock.t);
  });

  test("rejects credentials that are already expired on arrival", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(-1, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 0,
      now: () => clock.t,
    });
    await expect(store.get("111111111111")).rejects.toMatchObject({ code: "E_NO_CREDENTIALS" });
    expect(store.size()).toBe(0);
  });

  test("a failure is shared by the waiters and not cached", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    p.setFail(() => new OpsError("E_ASSUME_ROLE", "denied"));
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 300_000,
      now: () => clock.t,
    });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.get("111111111111")));
    expect(
      results.every((r) => r.status === "rejected" && (r.reason as OpsError).code === "E_ASSUME_ROLE"),
    ).toBe(true);
    expect(p.calls.length).toBe(1);
    p.setFail(undefined);
    await store.get("111111111111");
    expect(p.calls.length).toBe(2);
  });

  test("waits out an exponential backoff after throttling before the next attempt", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const slept: number[] = [];
    p.setFail(() => new OpsError("E_AWS_THROTTLED", "Rate exceeded", { retryable: true }));
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 300_000,
      now: () => clock.t,
      backoff: { baseMs: 200, maxMs: 500 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await expect(store.get("111111111111")).rejects.toMatchObject({
      code: "E_AWS_THROTTLED",
      retryable: true,
    });
    await expect(store.get("111111111111")).rejects.toMatchObject({ code: "E_AWS_THROTTLED" });
    await expect(store.get("111111111111")).rejects.toMatchObject({ code: "E_AWS_THROTTLED" });
    expect(slept).toEqual([200, 400]);
    p.setFail(undefined);
    clock.t += 10_000; // backoff elapsed: no wait
    await store.get("111111111111");
    expect(slept).toEqual([200, 400]);
    expect(p.calls.length).toBe(4);
  });

  test("refuses unknown accounts and drops entries of removed accounts", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111"), account("222222222222")],
      refreshBeforeMs: 300_000,
      now: () => clock.t,
    });
    await expect(store.get("999999999999")).rejects.toMatchObject({ code: "E_UNKNOWN_ACCOUNT" });
    await store.get("111111111111");
    await store.get("222222222222");
    await store.get("222222222222", "OtherRole");
    expect(store.size()).toBe(3);
    store.setAccounts([account("111111111111")]);
    expect(store.size()).toBe(1);
    await expect(store.get("222222222222")).rejects.toMatchObject({ code: "E_UNKNOWN_ACCOUNT" });
    expect(p.calls).toEqual(["111111111111:", "222222222222:", "222222222222:OtherRole"]);
  });

  test("caps entries at maxEntries and invalidates by account or by role", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 0,
      now: () => clock.t,
      maxEntries: 3,
    });
    for (const role of ["a", "b", "c", "d"]) await store.get("111111111111", role);
    expect(store.size()).toBe(3);
    store.invalidate("111111111111", "d");
    expect(store.size()).toBe(2);
    store.invalidate("111111111111");
    expect(store.size()).toBe(0);
    await store.get("111111111111", "b");
    expect(p.calls.length).toBe(5);
  });

  test("a caller's abort does not cancel the shared fetch for others", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    const store = createCredentialStore({
      provider: p.provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 0,
      now: () => clock.t,
    });
    const controller = new AbortController();
    const aborted = store.get("111111111111", undefined, controller.signal);
    const other = store.get("111111111111");
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: "E_CANCELLED" });
    expect((await other).accountId).toBe("111111111111");
    expect(p.calls.length).toBe(1);
  });

  test("discovers accounts the provider lists, merged with the registry", async () => {
    const clock = { t: 1_000_000 };
    const p = scripted(3_600_000, clock);
    let listed = 0;
    const provider: CredentialProvider = {
      ...p.provider,
      async listAccounts() {
        listed += 1;
        return [account("111111111111"), { ...account("333333333333"), name: "acct-111111111111" }];
      },
    };
    const store = createCredentialStore({
      provider,
      accounts: [account("111111111111")],
      refreshBeforeMs: 0,
      now: () => clock.t,
    });
    const [a, b] = await Promise.all([store.get("333333333333"), store.get("333333333333")]);
    expect(a.accountId).toBe("333333333333");
    expect(b).toBe(a);
    await expect(store.get("444444444444")).rejects.toMatchObject({ code: "E_UNKNOWN_ACCOUNT" });
    expect(listed).toBe(1);
    const off = createCredentialStore({
      provider,
      accounts: [],
      refreshBeforeMs: 0,
      now: () => clock.t,
      discover: false,
    });
    await expect(off.get("333333333333")).rejects.toMatchObject({ code: "E_UNKNOWN_ACCOUNT" });
  });
});
