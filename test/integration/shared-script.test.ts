import { describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { shareScript, splitSharedScript } from "../../src/plugins/shared-script.ts";
import { splitShared } from "../../src/tools/shared-answer.ts";
import { runScripts } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";

/**
 * Several tool scripts for one account in one script: each part is the generated template, unchanged,
 * in its own function. python3 runs the shared script against moto (with and without asyncio) and it
 * answers exactly what the parts answer one by one; a part that raises fails alone.
 */
const tools = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools;
const tool = (name: string) => tools.find((t) => t.name === name)!;
const regions = ["us-east-1", "eu-west-1"];
const vpcs = tool("ec2_describe_vpcs").render({}, regions);
const buckets = tool("s3_list_buckets").render({}, ["us-east-1"]);

test("a shared script splits back into exactly its parts; anything else is not one", () => {
  const shared = shareScript([vpcs, buckets]);
  expect(splitSharedScript(shared)).toEqual([vpcs, buckets]);
  expect(splitSharedScript(vpcs)).toBeUndefined();
  expect(splitSharedScript(shared.replace("_ops_parts = [", "import os\n_ops_parts = ["))).toBeUndefined();
  expect(splitSharedScript(`${shared}import os\n`)).toBeUndefined();
});

test("answers split per part and region; a part that raised fails its own regions only", () => {
  const ok = { region: "us-east-1", items: [{ a: 1 }], truncated: false };
  const value = { v: 3, calls: [{ v: 2, regions: [ok] }, { failed: "RuntimeError: boom" }] };
  const [first, second] = splitShared(value, "", [["us-east-1"], ["us-east-1", "eu-west-1"]]);
  expect(first!.get("us-east-1")).toEqual({ items: [{ a: 1 }], truncated: false });
  expect([...second!.values()].map((e) => (e as { code: string }).code)).toEqual([
    "E_MCP_TOOL",
    "E_MCP_TOOL",
  ]);
  // Not a shared answer (a whole-script failure): every part fails the same way.
  const other = splitShared("Traceback …", "Traceback …", [["us-east-1"], ["eu-west-1"]]);
  expect(other.map((m) => (m.values().next().value as { code: string }).code)).toEqual([
    "E_MCP_PROTOCOL",
    "E_MCP_PROTOCOL",
  ]);
});

describe.skipIf(!requirePython(["moto", "boto3"]))("a shared script in python3 against moto", () => {
  const raising = 'raise RuntimeError("boom")\n';
  const runs = runScripts({
    mode: "moto",
    scripts: [
      { name: "vpcs", code: vpcs },
      { name: "buckets", code: buckets },
      { name: "shared", code: shareScript([vpcs, buckets]) },
      { name: "shared-no-asyncio", code: shareScript([vpcs, buckets]), block: ["asyncio"] },
      { name: "shared-raising", code: shareScript([raising, buckets]) },
    ],
  });
  const run = (name: string) => runs.find((r) => r.name === name)!;
  const answer = (name: string) => run(name).answer ?? run(name).result;

  test("the shared script answers what each part answers alone, with or without asyncio", () => {
    for (const name of ["vpcs", "buckets", "shared", "shared-no-asyncio"]) expect(run(name).ok).toBe(true);
    const alone = [answer("vpcs"), answer("buckets")];
    expect(answer("shared")).toEqual({ v: 3, calls: alone });
    const adapted = answer("shared-no-asyncio") as { calls: Array<Record<string, unknown>> };
    expect(adapted.calls.map((c) => c.asyncio)).toEqual([false, false]);
    expect(adapted.calls.map((c) => c.regions)).toEqual(
      alone.map((c) => (c as { regions: unknown }).regions),
    );
    const [vpcsAlone] = alone as Array<{ regions: Array<{ items: unknown[] }> }>;
    expect(vpcsAlone!.regions.map((r) => r.items.length > 0)).toEqual([true, true]);
  });

  test("a part that raises is that part's failure; the other part still answers", () => {
    const shared = answer("shared-raising") as { calls: unknown[] };
    expect(shared.calls[0]).toEqual({ failed: "RuntimeError: boom" });
    expect(shared.calls[1]).toEqual(answer("buckets"));
  });
});
