import { afterEach, describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import { OpsError } from "../../src/errors.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { createPluginTool } from "../../src/plugins/tool.ts";
import { createExecutor } from "../../src/tools/executor.ts";
import type { CallResult, UnitResult } from "../../src/tools/types.ts";
import { AwsError, account, instancesOf, ORG } from "../fixtures/call/org.ts";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/call-harness.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function setup(options: Partial<HarnessOptions> = {}): Promise<Harness> {
  harness = await startHarness({ accounts: ORG, ...options });
  return harness;
}

const byUnit = (call: CallResult) =>
  Object.fromEntries(call.results.map((r) => [`${r.account_name}/${r.region}`, r]));
const ids = (r: UnitResult | undefined) =>
  ((r?.data as { items?: Array<{ id: string }> } | undefined)?.items ?? []).map((i) => i.id);
const toolCalls = (h: Harness) => h.server.requests.filter((r) => r.method === "tools/call");

async function rejection(promise: Promise<unknown>): Promise<OpsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpsError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("fan-out", () => {
  test("every workload account and region gets its own data, signed with its own key", async () => {
    const h = await setup();
    const call = await h.executor.invoke("ec2_describe_instances", { states: ["running"] });
    expect(Object.keys(byUnit(call))).toEqual([
      "prod-app/us-east-1",
      "prod-app/eu-west-1",
      "prod-data/us-east-1",
      "staging/eu-west-1",
    ]);
    for (const r of call.results) {
      expect(r.ok).toBe(true);
      const expected = instancesOf(r.account_id, r.region).filter((i) => i.State.Name === "running");
      expect(ids(r)).toEqual(expected.map((i) => i.InstanceId));
      expect((r.data as { items: Array<Record<string, unknown>> }).items[0]).toMatchObject({
        state: "running",
        type: "t3.micro",
        az: `${r.region}a`,
      });
    }
    // One script per account: prod-app's two regions ride in one request.
    const seen = toolCalls(h)
      .map((r) => r.accountId)
      .sort();
    expect(seen).toEqual([...new Set(call.results.map((r) => r.account_id))].sort());
    expect(call.summary).toMatchObject({ units: 4, ok: 4, failed: 0 });
    expect(call.status).toBe("ok");
    expect(call.args).toEqual({ states: ["running"] });
  });

  test("executor.batch: unit sends one script per account×region, with the same results", async () => {
    const h = await setup({ executor: { batch: "unit" } });
    const call = await h.executor.invoke("ec2_describe_instances", { states: ["running"] });
    const seen = toolCalls(h)
      .map((r) => `${r.accountId}/${r.metaRegion}`)
      .sort();
    expect(seen).toEqual(call.results.map((r) => `${r.account_id}/${r.region}`).sort());
    expect(call.summary).toMatchObject({ units: 4, ok: 4, failed: 0 });
  });

  test("accounts and regions may be comma-separated strings: the same units as arrays", async () => {
    const h = await setup();
    const strings = await h.executor.invoke("ec2_describe_instances", {
      accounts: "prod-app, staging",
      regions: "us-east-1",
    });
    const arrays = await h.executor.invoke("ec2_describe_instances", {
      accounts: ["prod-app", "staging"],
      regions: ["us-east-1"],
    });
    const keys = (c: typeof strings) => c.results.map((r) => `${r.account_name}/${r.region}`);
    expect(keys(strings)).toEqual(["prod-app/us-east-1", "staging/us-east-1"]);
    expect(keys(arrays)).toEqual(keys(strings));
  });

  test("one failing account never hides the others; AWS errors are classified", async () => {
    const failing: Record<string, Error> = {
      [`${ORG[2]!.id}/us-east-1`]: new AwsError(
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.",
      ),
      [`${ORG[1]!.id}/eu-west-1`]: new AwsError("OptInRequired", "You are not subscribed to this service."),
      [`${ORG[3]!.id}/eu-west-1`]: new AwsError("ThrottlingException", "Rate exceeded"),
    };
    const h = await setup({ fail: (a, r) => failing[`${a}/${r}`] });
    const call = await h.executor.invoke("ec2_describe_instances", {});
    const units = byUnit(call);
    expect(units["prod-app/us-east-1"]?.ok).toBe(true);
    expect(ids(units["prod-app/us-east-1"])).toHaveLength(2);
    expect(units["prod-data/us-east-1"]?.error).toMatchObject({
      code: "E_AWS_ACCESS_DENIED",
      retryable: false,
    });
    expect(units["prod-data/us-east-1"]?.error?.message).toContain("UnauthorizedOperation");
    expect(units["prod-app/eu-west-1"]?.error?.code).toBe("E_AWS_REGION_DISABLED");
    expect(units["staging/eu-west-1"]?.error).toMatchObject({ code: "E_AWS_THROTTLED", retryable: true });
    expect(call.summary).toMatchObject({ units: 4, ok: 1, failed: 3 });
    expect(call.status).toBe("partial");
  });

  test("an expired token inside the tool result is E_MCP_AUTH after one credential refresh", async () => {
    const expired = ORG[3]!.id;
    const h = await setup({
      fail: (a) =>
        a === expired
          ? new AwsError("ExpiredToken", "The security token included in the request is expired")
          : undefined,
    });
    const call = await h.executor.invoke("ec2_describe_instances", {});
    expect(byUnit(call)["staging/eu-west-1"]?.error?.code).toBe("E_MCP_AUTH");
    expect(call.results.filter((r) => r.ok)).toHaveLength(3);
    expect(toolCalls(h).filter((r) => r.accountId === expired)).toHaveLength(2);
  });

  test("a unit that never answers times out alone", async () => {
    const slow = ORG[2]!.id;
    const h = await setup({
      executor: { unit_timeout_ms: 300 },
      faults: (r) => (r.accountId === slow && r.method === "tools/call" ? { hang: true } : undefined),
    });
    const call = await h.executor.invoke("ec2_describe_instances", {});
    const units = byUnit(call);
    expect(units["prod-data/us-east-1"]?.error).toMatchObject({ code: "E_TIMEOUT", retryable: true });
    expect(call.results.filter((r) => r.ok)).toHaveLength(3);
  });

  test("shared scripts of one turn: a call is answered while another call's slow account still hangs", async () => {
    const slow = ORG[2]!.id;
    const h = await setup({
      executor: { unit_timeout_ms: 1500 },
      faults: (r) => (r.accountId === slow && r.method === "tools/call" ? { hang: true } : undefined),
    });
    const share = h.executor.shareScripts!(2);
    let wideDone = false;
    const wide = h.executor.invoke("ec2_describe_instances", {}, { share }).then((call) => {
      wideDone = true;
      return call;
    });
    const narrow = await h.executor.invoke(
      "ec2_describe_instances",
      { accounts: ["prod-app", "staging"] },
      { share },
    );
    // Answered from the shared scripts of its own accounts, while prod-data's script still hangs.
    expect(wideDone).toBe(false);
    expect(narrow.summary).toMatchObject({ units: 3, ok: 3 });
    const call = await wide;
    expect(byUnit(call)["prod-data/us-east-1"]?.error).toMatchObject({ code: "E_TIMEOUT" });
    expect(call.results.filter((r) => r.ok).map((r) => ids(r))).toEqual(narrow.results.map((r) => ids(r)));
    // One script per account for both calls.
    expect(
      toolCalls(h)
        .map((r) => r.accountId)
        .sort(),
    ).toEqual([ORG[1]!.id, ORG[2]!.id, ORG[3]!.id].sort());
  });

  test("the caller's signal cancels running units", async () => {
    const h = await setup({ scriptLatencyMs: 2000 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const call = await h.executor.invoke("ec2_describe_instances", {}, { signal: abort.signal });
    expect(call.results.map((r) => r.error?.code)).toEqual([
      "E_CANCELLED",
      "E_CANCELLED",
      "E_CANCELLED",
      "E_CANCELLED",
    ]);
    expect(call.summary.failed).toBe(4);
  });

  test("concurrency is bounded by the setting and by the request", async () => {
    const many = Array.from({ length: 20 }, (_, i) => account(i + 1));
    harness = await startHarness({ accounts: many, executor: { concurrency: 4 }, scriptLatencyMs: 40 });
    const first = await harness.executor.invoke("ec2_describe_instances", {});
    expect(first.summary).toMatchObject({ units: 20, ok: 20 });
    expect(harness.inFlight.max).toBe(4);
    harness.inFlight.max = 0;
    await harness.executor.invoke("ec2_describe_instances", {}, { concurrency: 7, noCache: true });
    expect(harness.inFlight.max).toBe(7);
  });

  test("progress events: a start and an end for every unit", async () => {
    const h = await setup();
    const events: string[] = [];
    await h.executor.invoke(
      "ec2_describe_instances",
      { accounts: ["prod"] },
      {
        onUnit: (e) =>
          events.push(`${e.phase} ${e.account.name} ${e.region}${e.result ? ` ${e.result.ok}` : ""}`),
      },
    );
    const throwing = await h.executor.invoke(
      "ec2_describe_instances",
      { accounts: ["staging"] },
      {
        onUnit: () => {
          throw new Error("broken progress display");
        },
      },
    );
    expect(throwing.summary).toMatchObject({ units: 1, ok: 1 });
    expect(events.sort()).toEqual([
      "end prod-app eu-west-1 true",
      "end prod-app us-east-1 true",
      "start prod-app eu-west-1",
      "start prod-app us-east-1",
    ]);
  });
});

describe("ignore_errors and cache", () => {
  test("matching errors become empty, ignored results", async () => {
    const h = await setup({
      executor: { ignore_errors: [{ code: "E_AWS_REGION_DISABLED" }, { aws_code: "AccessDenied" }] },
      fail: (a, r) =>
        r === "eu-west-1"
          ? new AwsError("OptInRequired", "region not enabled")
          : a === ORG[2]!.id
            ? new AwsError("AccessDenied", "with an explicit deny in a service control policy")
            : undefined,
    });
    const call = await h.executor.invoke("ec2_describe_instances", {});
    const units = byUnit(call);
    for (const key of ["prod-app/eu-west-1", "staging/eu-west-1", "prod-data/us-east-1"]) {
      expect(units[key]).toMatchObject({ ok: true, ignored: true, data: { items: [], truncated: false } });
      expect(units[key]?.error).toBeUndefined();
    }
    expect(units["prod-app/us-east-1"]?.ignored).toBeUndefined();
    expect(call.summary).toMatchObject({ ok: 4, failed: 0 });
  });

  test("identical calls hit the cache until the TTL; noCache and other args miss", async () => {
    let clock = 1_000_000;
    const lines: string[] = [];
    const logger = createLogger({ level: "info", format: "json", write: (l) => lines.push(l) });
    const h = await setup({ executor: { cache_ttl_seconds: 30 }, now: () => clock, logger });
    const ask = (args: Record<string, unknown>, noCache = false) =>
      h.executor.invoke("ec2_describe_instances", { ...args, accounts: ["prod-data"] }, { noCache });
    const first = await ask({ states: ["running", "stopped"] });
    expect(first.results[0]?.cached).toBeUndefined();
    expect(toolCalls(h)).toHaveLength(1);
    const second = await ask({ states: ["running", "stopped"] });
    expect(second.results[0]).toMatchObject({ ok: true, cached: true, data: first.results[0]?.data });
    expect(toolCalls(h)).toHaveLength(1);
    expect(lines.some((l) => l.includes('"msg":"cache hit"') && l.includes(ORG[2]!.id))).toBe(true);
    expect((await ask({ states: ["running", "stopped"] }, true)).results[0]?.cached).toBeUndefined();
    expect((await ask({ states: ["running"] })).results[0]?.cached).toBeUndefined();
    expect(toolCalls(h)).toHaveLength(3);
    clock += 30_000;
    expect((await ask({ states: ["running", "stopped"] })).results[0]?.cached).toBeUndefined();
    expect(toolCalls(h)).toHaveLength(4);
  });

  test("failures are not cached; TTL 0 turns the cache off", async () => {
    let failing = true;
    const h = await setup({
      executor: { cache_ttl_seconds: 0 },
      fail: () => (failing ? new AwsError("Throttling", "Rate exceeded") : undefined),
    });
    const call = () => h.executor.invoke("ec2_describe_instances", { accounts: ["prod-data"] });
    expect((await call()).results[0]?.ok).toBe(false);
    failing = false;
    expect((await call()).results[0]?.ok).toBe(true);
    expect((await call()).results[0]?.cached).toBeUndefined();
    expect(toolCalls(h)).toHaveLength(3);
  });
});

describe("bad input fails before any network traffic", () => {
  const cases: Array<[string, Record<string, unknown>, string, string | undefined]> = [
    ["unknown tool", { tool: "ec2_delete_everything", args: {} }, "E_UNKNOWN_TOOL", undefined],
    [
      "bad argument",
      { tool: "ec2_describe_instances", args: { states: ["exploded"] } },
      "E_VALIDATION",
      "states.0",
    ],
    [
      "unknown argument",
      { tool: "ec2_describe_instances", args: { colour: "red" } },
      "E_VALIDATION",
      "colour",
    ],
    [
      "unknown account",
      { tool: "ec2_describe_instances", args: {}, accounts: ["nope"] },
      "E_UNKNOWN_ACCOUNT",
      undefined,
    ],
    [
      "bad region",
      { tool: "ec2_describe_instances", args: {}, regions: ["moon-1"] },
      "E_VALIDATION",
      "regions",
    ],
    [
      "bad concurrency",
      { tool: "ec2_describe_instances", args: {}, concurrency: 0 },
      "E_VALIDATION",
      "concurrency",
    ],
    [
      "accounts not strings",
      { tool: "ec2_describe_instances", args: { accounts: [111111111111] } },
      "E_VALIDATION",
      "accounts",
    ],
  ];
  test.each(cases)("%s", async (_name, request, code, field) => {
    const h = await setup();
    const { tool, args, concurrency, ...targets } = request as {
      tool: string;
      args: Record<string, unknown>;
      concurrency?: number;
    };
    const error = await rejection(h.executor.invoke(tool, { ...args, ...targets }, { concurrency }));
    expect<string>(error.code).toBe(code);
    if (field) expect(error.details?.field).toBe(field);
    expect(h.server.requests).toHaveLength(0);
  });

  test("accounts and regions inside the tool input are lifted out (as models send them)", async () => {
    const h = await setup();
    const call = await h.executor.invoke("ec2_describe_instances", {
      states: ["stopped"],
      accounts: ["staging"],
      regions: ["us-west-2"],
    });
    expect(call.args).toEqual({ states: ["stopped"] });
    expect(call.results.map((r) => `${r.account_name}/${r.region}`)).toEqual(["staging/us-west-2"]);
    expect(ids(call.results[0])).toEqual([instancesOf(ORG[3]!.id, "us-west-2")[1]!.InstanceId]);
  });
});

describe("specs and list_accounts", () => {
  test("every plugin tool gets accounts and regions; list_accounts is built in", async () => {
    const h = await setup();
    const specs = h.executor.specs();
    expect(specs[0]?.name).toBe("list_accounts");
    const ec2 = specs.find((s) => s.name === "ec2_describe_instances")!;
    const props = ec2.inputSchema.properties as Record<string, { type: string; description: string }>;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(["states", "accounts", "regions"]));
    expect(props.accounts).toMatchObject({ type: "array" });
    expect(props.accounts?.description).toContain("env:<environment>");
    expect(props.accounts?.description).toContain("prod-app");
    expect(props.regions).toMatchObject({ type: "array" });
    expect(specs.length).toBeGreaterThan(20);
  });

  test("a plugin tool cannot shadow the built-in list_accounts", async () => {
    const h = await setup();
    const shadow = createPluginTool(
      "ec2",
      { name: "list_accounts", description: "x", operation: "DescribeVpcs", items: "Vpcs[]" },
      "test",
      [],
    );
    const config = {
      settings: defaultSettings,
      accounts: ORG,
      env: { endpoints: {}, home: "/" },
      sources: {},
    };
    expect(() =>
      createExecutor({ config, pluginTools: [shadow], mcp: h.pool, logger: silentLogger }),
    ).toThrow("a plugin tool may not be named list_accounts");
  });

  test("list_accounts answers from the registry without the network", async () => {
    const h = await setup();
    const call = await h.executor.invoke("list_accounts", {});
    const items = (call.results[0]!.data as { items: Array<Record<string, unknown>> }).items;
    expect(items.map((i) => i.name)).toEqual(["central", "prod-app", "prod-data", "staging"]);
    expect(items[1]).toEqual({
      id: ORG[1]!.id,
      name: "prod-app",
      environment: "production",
      role: "workload",
      regions: ["us-east-1", "eu-west-1"],
      aliases: ["prod"],
    });
    expect(h.server.requests).toHaveLength(0);
    expect(h.executor.accounts()).toEqual(ORG);
  });
});
