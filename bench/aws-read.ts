/**
 * Render + validate time of `aws_read` (catalogue lookup, guard, params against the input shape, spec,
 * script) against a plugin tool (JSON Schema, guard, spec, script), same process, same run; plus the
 * first `aws_read` of a service (its catalogue line parsed) and the catalogue's share of the binary.
 *   npx bun bench/aws-read.ts
 */
import { readFileSync } from "node:fs";
import { createCatalogue } from "../src/catalogue/catalogue.ts";
import type { ServiceCatalogue } from "../src/catalogue/types.ts";
import { silentLogger } from "../src/log.ts";
import { loadPlugins } from "../src/plugins/load.ts";
import { validateArgs } from "../src/tools/args.ts";
import { createAwsRead, DEFAULT_SERVICES } from "../src/tools/aws-read.ts";
import type { BenchRow } from "./run.ts";

const N = 2000;
const REGIONS = ["us-east-1", "eu-west-1"];

function perCall(fn: () => void): number {
  for (let i = 0; i < 200; i++) fn();
  const started = performance.now();
  for (let i = 0; i < N; i++) fn();
  return ((performance.now() - started) / N) * 1000;
}

export async function run(): Promise<BenchRow[]> {
  const plugin = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools.find(
    (t) => t.name === "ec2_describe_instances",
  )!;
  const awsRead = createAwsRead({ services: DEFAULT_SERVICES, allowOperations: [] });
  const pluginArgs = { states: ["running"], tags: ["env=prod"] };
  const readArgs = {
    service: "ec2",
    operation: "DescribeInstances",
    items: "Reservations[].Instances[]",
    params: { Filters: [{ Name: "instance-state-name", Values: ["running"] }], MaxResults: 100 },
    select: { id: "InstanceId", imds: "MetadataOptions.HttpTokens", name: "tag:Name" },
    where: { "MetadataOptions.HttpTokens": "optional" },
  };
  // First call of a service: its catalogue line is parsed then (a fresh catalogue, same text).
  const text = readFileSync("src/catalogue/data/catalogue.jsonl", "utf8");
  const line = text.split("\n").find((l) => l.startsWith("ec2\t"))!;
  const coldStarted = performance.now();
  const fresh = createCatalogue(
    { source: "botocore", version: "bench" },
    {
      ec2: () => JSON.parse(line.slice(4)) as ServiceCatalogue,
    },
  );
  createAwsRead({ services: ["ec2"], allowOperations: [], catalogue: fresh }).render(readArgs, REGIONS);
  const cold = performance.now() - coldStarted;

  const ours = perCall(() => {
    validateArgs(awsRead.name, awsRead.inputSchema, readArgs);
    awsRead.render(readArgs, REGIONS);
  });
  const base = perCall(() => {
    validateArgs(plugin.name, plugin.inputSchema, pluginArgs);
    plugin.render(pluginArgs, REGIONS);
  });
  const bytes = Buffer.byteLength(text);
  return [
    {
      figure:
        "render + validate, per call (µs): aws_read ec2 DescribeInstances vs plugin ec2_describe_instances",
      ours: ours.toFixed(1),
      baseline: base.toFixed(1),
      ratio: `${(ours / base).toFixed(2)}×`,
    },
    {
      figure: "first aws_read of a service (ec2: catalogue line parsed), ms",
      ours: cold.toFixed(1),
      baseline: (base / 1000).toFixed(3),
      ratio: `${(cold / (base / 1000)).toFixed(0)}×`,
    },
    {
      figure: "catalogue embedded in the binary (all 424 services), MB",
      ours: (bytes / 1e6).toFixed(2),
      baseline: "—",
      ratio: "—",
    },
  ];
}

if (import.meta.main) console.table(await run());
