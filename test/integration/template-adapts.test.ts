import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { PROBE_SCRIPT, readProbeAnswer, TEMPLATE_IMPORTS, templateImports } from "../../src/plugins/probe.ts";
import { SCRIPT_TEMPLATE } from "../../src/plugins/script.ts";
import { runScripts } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";

/**
 * A script sandbox without some module: the doctor's probe says which, and the tool template adapts
 * at run time (no asyncio → regions one after another) with the same answers. python3 runs the real
 * probe and the real template against moto with an import hook refusing the blocked modules.
 */
const vpcs = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools.find(
  (t) => t.name === "ec2_describe_vpcs",
)!;

test("the probe imports exactly what the template imports; only asyncio has a fallback", () => {
  expect(TEMPLATE_IMPORTS).toEqual(templateImports(SCRIPT_TEMPLATE));
  expect(TEMPLATE_IMPORTS.find((i) => i.module === "json")).toEqual({ module: "json", required: true });
  expect(TEMPLATE_IMPORTS.find((i) => i.module === "asyncio")).toEqual({
    module: "asyncio",
    required: false,
  });
  for (const { module } of TEMPLATE_IMPORTS) expect(PROBE_SCRIPT).toContain(`    import ${module}\n`);
  expect(
    templateImports("import a\ntry:\n    import b\nexcept ImportError:\n    b = None\nfrom c.d import e\n"),
  ).toEqual([
    { module: "a", required: true },
    { module: "b", required: false },
    { module: "c.d", required: true },
  ]);
});

describe.skipIf(!requirePython(["moto", "boto3"]))("a sandbox without asyncio, in python3", () => {
  const regions = ["us-east-1", "eu-west-1"];
  const code = vpcs.render({}, regions);
  const runs = runScripts({
    mode: "moto",
    scripts: [
      { name: "probe", code: PROBE_SCRIPT },
      { name: "probe-no-asyncio", code: PROBE_SCRIPT, block: ["asyncio"] },
      { name: "probe-no-json", code: PROBE_SCRIPT, block: ["json"] },
      { name: "vpcs", code },
      { name: "vpcs-no-asyncio", code, block: ["asyncio"] },
      { name: "vpcs-no-json", code, block: ["json"] },
      { name: "vpcs-sync-call", code, sync_call: true },
    ],
  });
  const run = (name: string) => runs.find((r) => r.name === name)!;

  test("the probe reports each module, call_boto3 and the Python version; a blocked module is false", () => {
    const all = readProbeAnswer(run("probe").result);
    expect(all).toMatchObject({ modules: { json: true, asyncio: true }, callBoto3: true });
    expect(all?.python).toMatch(/^3\.\d+/);
    expect(readProbeAnswer(run("probe-no-asyncio").result)?.modules).toEqual({ json: true, asyncio: false });
    expect(readProbeAnswer(run("probe-no-json").result)?.modules).toEqual({ json: false, asyncio: true });
    // The probe called no AWS API.
    expect(run("probe").calls).toEqual([]);
  });

  test("without asyncio the template runs the regions one after another, answering the same", () => {
    const gathered = run("vpcs");
    const sequential = run("vpcs-no-asyncio");
    expect(gathered.ok && sequential.ok).toBe(true);
    const answer = gathered.result as unknown as { asyncio: boolean; regions: Array<{ items: unknown[] }> };
    const adapted = sequential.result as unknown as typeof answer;
    expect(answer.asyncio).toBe(true);
    expect(adapted.asyncio).toBe(false);
    expect(adapted.regions).toEqual(answer.regions);
    expect(adapted.regions.map((r) => r.items.length > 0)).toEqual([true, true]);
    expect(sequential.calls.map((c) => c.region)).toEqual(regions);
  });

  test("a call_boto3 that is a plain function (not a coroutine function) answers the same", () => {
    const gathered = run("vpcs");
    const plain = run("vpcs-sync-call");
    expect(plain.ok).toBe(true);
    const regionsOf = (r: typeof plain) => (r.result as unknown as { regions: unknown[] }).regions;
    expect(regionsOf(plain)).toEqual(regionsOf(gathered));
    expect(plain.calls.map((c) => c.region).sort()).toEqual([...regions].sort());
  });

  test("without json (required: it carries the spec) the template cannot run, as the probe's finding says", () => {
    expect(run("vpcs-no-json")).toMatchObject({ ok: false, calls: [] });
    expect(run("vpcs-no-json").error).toContain("json");
  });
});
