/**
 * The region table `src/config/regions.ts` validates against, taken from the partition metadata the AWS
 * SDK ships (`@aws-sdk/core`'s util-endpoints `partitions`). `npm run gen` rewrites it after an SDK
 * upgrade; `gen-docs --check` fails while it is stale.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

interface SdkPartition {
  id: string;
  regionRegex: string;
  regions: Record<string, { description?: string }>;
}

function sdkPartitions(): { version: string; partitions: SdkPartition[] } {
  const pkg = createRequire(import.meta.url).resolve("@aws-sdk/core/package.json");
  const root = dirname(pkg);
  const file = join(root, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js");
  const text = readFileSync(file, "utf8");
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  return { version, partitions: (JSON.parse(json) as { partitions: SdkPartition[] }).partitions };
}

/** `{partition: {region: description}}`, without the pseudo-regions (`aws-global`, …). */
export function partitionsJson(): string {
  const { version, partitions } = sdkPartitions();
  const out: Record<string, Record<string, string>> = {};
  for (const p of partitions) {
    const regions = Object.entries(p.regions).filter(([name]) => new RegExp(p.regionRegex).test(name));
    out[p.id] = Object.fromEntries(regions.map(([name, r]) => [name, r.description ?? name]));
  }
  return `${JSON.stringify({ source: `@aws-sdk/core ${version} partitions`, partitions: out }, null, 2)}\n`;
}
