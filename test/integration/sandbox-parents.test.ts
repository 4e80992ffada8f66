import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ECS } from "../../src/sandbox/data/ecs.ts";
import { EKS } from "../../src/sandbox/data/eks.ts";
import type { CallResult } from "../../src/tools/types.ts";
import { startWiredSandbox, type WiredSandbox } from "../helpers/sandbox-wire.ts";

// Tools whose operation needs a parent (a cluster), through the production path (STS, SigV4 MCP
// pool, executor) against the sandbox: without the parent argument one script per account lists
// every cluster and queries each; a named cluster an account does not have is "not here".
let wired: WiredSandbox;
beforeAll(async () => {
  wired = await startWiredSandbox();
});
afterAll(() => wired.close());

type Item = Record<string, unknown>;
const last = (v: unknown) => String(v).split("/").pop();
/** `account/region/cluster/<field>` of every item, sorted. */
const keys = (call: CallResult, field: string) =>
  call.results
    .flatMap((r) =>
      r.ok
        ? (r.data.items as Item[]).map(
            (i) => `${r.account_name}/${r.region}/${last(i.cluster)}/${String(i[field])}`,
          )
        : [],
    )
    .sort();
/** Every cluster of the sandbox data, as [account, region, cluster]. */
const clustersOf = (data: Record<string, Record<string, Array<{ name: string }>>>) =>
  Object.entries(data).flatMap(([account, regions]) =>
    Object.entries(regions).flatMap(([region, list]) => list.map((c) => [account, region, c.name] as const)),
  );

const TOOLS = [
  {
    tool: "ecs_describe_services",
    arg: "cluster",
    field: "name",
    data: ECS,
    code: "ClusterNotFoundException",
  },
  { tool: "ecs_describe_tasks", arg: "cluster", field: "arn", data: ECS, code: "ClusterNotFoundException" },
  {
    tool: "eks_describe_nodegroups",
    arg: "cluster_name",
    field: "name",
    data: EKS,
    code: "ResourceNotFoundException",
  },
  {
    tool: "eks_describe_addons",
    arg: "cluster_name",
    field: "name",
    data: EKS,
    code: "ResourceNotFoundException",
  },
  {
    tool: "eks_describe_fargate_profiles",
    arg: "cluster_name",
    field: "name",
    data: EKS,
    code: "ResourceNotFoundException",
  },
];

describe("tools with a parent, without one", () => {
  test.each(TOOLS.map((t) => [t.tool, t] as const))(
    "%s: every cluster of every account, the same items as asking cluster by cluster",
    async (_, { tool, arg, field, data }) => {
      const all = await wired.executor.invoke(tool, { accounts: ["all"] });
      expect(all.status).toBe("ok");
      const got = keys(all, field);
      expect(got.length).toBeGreaterThan(0);
      const expected: string[] = [];
      for (const [account, region, cluster] of clustersOf(data)) {
        const one = await wired.executor.invoke(tool, {
          [arg]: cluster,
          accounts: [account],
          regions: [region],
        });
        expect(one.status).toBe("ok");
        expected.push(...keys(one, field));
      }
      expect(got).toEqual(expected.sort());
      // Items say whose they are: the cluster of every item is one of its account's clusters.
      const clusters = new Set(clustersOf(data).map(([a, r, c]) => `${a}/${r}/${c}`));
      for (const k of got) expect(clusters.has(k.split("/").slice(0, 3).join("/"))).toBe(true);
    },
  );

  test.each(TOOLS.map((t) => [t.tool, t] as const))(
    "%s: a named cluster that only one account has answers there and is not_found elsewhere, no failure",
    async (_, { tool, arg, data, code }) => {
      const [account, region, cluster] = clustersOf(data).find(
        ([, , c]) => clustersOf(data).filter(([, , x]) => x === c).length === 1,
      )!;
      const call = await wired.executor.invoke(tool, { [arg]: cluster, accounts: ["all"] });
      expect(call.status).toBe("ok");
      expect(call.summary.failed).toBe(0);
      for (const r of call.results) {
        if (!r.ok) throw new Error(`${r.account_name}/${r.region} failed`);
        if (r.account_name === account && r.region === region) expect(r.data.not_found).toBeUndefined();
        else expect(r.data).toMatchObject({ items: [], not_found: { value: cluster, code } });
      }
      expect(call.results.filter((r) => r.ok && r.data.not_found).length).toBe(call.results.length - 1);
    },
  );
});

test("ecs_describe_tasks of one service in every cluster: clusters without that service are skipped, not failed", async () => {
  const call = await wired.executor.invoke("ecs_describe_tasks", {
    service_name: "checkout",
    accounts: ["all"],
  });
  expect(call.status).toBe("ok");
  const clusters = new Set(keys(call, "arn").map((k) => k.split("/").slice(0, 3).join("/")));
  const expected = clustersOf(ECS).filter(([a, r, c]) =>
    ECS[a]![r]!.find((x) => x.name === c)!.services.some((s) => s.name === "checkout"),
  );
  expect([...clusters].sort()).toEqual(expected.map((x) => x.join("/")).sort());
  expect(expected.length).toBeLessThan(clustersOf(ECS).length);
  const named = await wired.executor.invoke("ecs_describe_tasks", {
    cluster: "prod-workers",
    service_name: "checkout",
    accounts: ["production"],
    regions: ["us-east-1"],
  });
  expect(named.results[0]).toMatchObject({
    ok: true,
    data: { items: [], not_found: { code: "ServiceNotFoundException" } },
  });
});

describe("lambda_list_event_source_mappings needs no parent", () => {
  test("without function_name it lists the mappings of every function", async () => {
    const all = await wired.executor.invoke("lambda_list_event_source_mappings", { accounts: ["all"] });
    const items = all.results.flatMap((r) => (r.ok ? (r.data.items as Item[]) : []));
    expect(items.length).toBeGreaterThan(1);
    expect(new Set(items.map((i) => i.function_arn)).size).toBeGreaterThan(1);
    expect(all.results.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(["E_AWS_ACCESS_DENIED"]);
  });
});
