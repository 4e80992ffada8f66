/**
 * Credential store costs: a warm `get()` (should be a map lookup) against a plain `Map.get`, and
 * cold gets against a real STS (moto) with the number of AssumeRole calls counted at the server.
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { defaultSettings } from "../src/config/schema.ts";
import type { Account } from "../src/config/types.ts";
import { createIamProvider } from "../src/credentials/iam.ts";
import { createCredentialStore } from "../src/credentials/store.ts";
import type { AwsCredentials } from "../src/credentials/types.ts";
import { startMoto } from "../test/fakes/moto.ts";
import type { BenchRow } from "./run.ts";

const ACCOUNTS = 50;
const WARM_CALLS = 1_000_000;
const COLD_ROUNDS = 20;
const CONCURRENT = 100;
const base = { accessKeyId: "AKIABENCHBENCHBENCH1", secretAccessKey: "bench-secret" };
const ids = Array.from({ length: ACCOUNTS }, (_, i) => String(100000000000 + i));
const accounts: Account[] = ids.map((id) => ({
  id,
  name: id,
  environment: "bench",
  role: "workload",
  regions: [],
  aliases: [],
}));

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const ratio = (ours: number, baseline: number) => `${fmt(ours / baseline, 2)}×`;

function nsPerOp(body: (i: number) => unknown): number {
  let sink = 0;
  const started = Bun.nanoseconds();
  for (let i = 0; i < WARM_CALLS; i++) if (body(i)) sink++;
  const ns = (Bun.nanoseconds() - started) / WARM_CALLS;
  if (sink < 0) console.log(sink); // keeps the loop observable
  return ns;
}

async function warm(provider: ReturnType<typeof createIamProvider>): Promise<BenchRow[]> {
  const store = createCredentialStore({ provider, accounts, refreshBeforeMs: 300_000 });
  const map = new Map<string, AwsCredentials>();
  for (const id of ids) map.set(id, await store.get(id));
  // Warm up the JIT on both before timing.
  nsPerOp((i) => store.get(ids[i % ACCOUNTS]!));
  nsPerOp((i) => map.get(ids[i % ACCOUNTS]!));
  const ours = nsPerOp((i) => store.get(ids[i % ACCOUNTS]!));
  const baseline = nsPerOp((i) => map.get(ids[i % ACCOUNTS]!));

  let started = Bun.nanoseconds();
  for (let i = 0; i < WARM_CALLS; i++) await store.get(ids[i % ACCOUNTS]!);
  const oursAwait = (Bun.nanoseconds() - started) / WARM_CALLS;
  started = Bun.nanoseconds();
  for (let i = 0; i < WARM_CALLS; i++) await map.get(ids[i % ACCOUNTS]!);
  const baselineAwait = (Bun.nanoseconds() - started) / WARM_CALLS;
  return [
    {
      figure: "warm get() ns/op (vs Map.get)",
      ours: fmt(ours),
      baseline: fmt(baseline),
      ratio: ratio(ours, baseline),
    },
    {
      figure: "warm await get() ns/op (vs await Map.get)",
      ours: fmt(oursAwait),
      baseline: fmt(baselineAwait),
      ratio: ratio(oursAwait, baselineAwait),
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const moto = await startMoto();
  try {
    const env = { endpoints: { sts: moto.url }, home: "/" };
    const settings = { ...defaultSettings, region: "us-east-1" };
    const provider = createIamProvider({ settings, env, baseCredentials: base });
    const sts = new STSClient({ region: "us-east-1", endpoint: moto.url, credentials: base });
    const assume = (id: string) =>
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/Bench`, RoleSessionName: "bench" }));
    await assume(ids[0]!); // warm both connection pools
    await provider.fetch(accounts[0]!, undefined);

    // Cold get: a fresh store each round, so every get goes to STS; baseline: the bare SDK call.
    let started = performance.now();
    for (let r = 0; r < COLD_ROUNDS; r++) {
      await createCredentialStore({ provider, accounts, refreshBeforeMs: 300_000 }).get(ids[r % ACCOUNTS]!);
    }
    const cold = (performance.now() - started) / COLD_ROUNDS;
    started = performance.now();
    for (let r = 0; r < COLD_ROUNDS; r++) await assume(ids[r % ACCOUNTS]!);
    const bare = (performance.now() - started) / COLD_ROUNDS;

    // 100 concurrent cold gets of one account: single flight vs one SDK call per caller.
    const store = createCredentialStore({ provider, accounts, refreshBeforeMs: 300_000 });
    let calls = moto.stsCalls();
    started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => store.get(ids[1]!)));
    const flightMs = performance.now() - started;
    const flightCalls = moto.stsCalls() - calls;
    calls = moto.stsCalls();
    started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, () => assume(ids[1]!)));
    const naiveMs = performance.now() - started;
    const naiveCalls = moto.stsCalls() - calls;

    return [
      ...(await warm(provider)),
      {
        figure: "cold get() ms against moto (vs bare AssumeRole)",
        ours: fmt(cold, 2),
        baseline: fmt(bare, 2),
        ratio: ratio(cold, bare),
      },
      {
        figure: `${CONCURRENT} concurrent cold gets: STS calls (vs one call per caller)`,
        ours: String(flightCalls),
        baseline: String(naiveCalls),
        ratio: ratio(flightCalls, naiveCalls),
      },
      {
        figure: `${CONCURRENT} concurrent cold gets: ms`,
        ours: fmt(flightMs, 1),
        baseline: fmt(naiveMs, 1),
        ratio: ratio(flightMs, naiveMs),
      },
    ];
  } finally {
    await moto.stop();
  }
}

if (import.meta.main) console.table(await run());
