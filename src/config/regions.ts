import { OpsError } from "../errors.ts";
import { distance } from "../suggest.ts";
import table from "./partitions.json" with { type: "json" };

/**
 * Region names, checked against the partition metadata the AWS SDK ships (`partitions.json`, generated
 * by `npm run gen` from `@aws-sdk/core`), not a hand-written pattern. Names are case-insensitive
 * (`EU-West-1` is `eu-west-1`); a typo gets "did you mean"; an unknown name is an error before any
 * request is made.
 */
const PARTITIONS: Record<string, Record<string, string>> = table.partitions;
const PARTITION_OF = new Map<string, string>(
  Object.entries(PARTITIONS).flatMap(([partition, regions]) =>
    Object.keys(regions).map((region) => [region, partition] as const),
  ),
);

/** The keyword that means "each account's enabled regions" in `--regions`, registries and settings. */
export const ALL_REGIONS = "all";

/** Every region the SDK knows, in one partition (`aws`, `aws-cn`, `aws-us-gov`, …) or all of them. */
export function knownRegions(partition?: string): string[] {
  if (partition === undefined) return [...PARTITION_OF.keys()];
  return Object.keys(PARTITIONS[partition] ?? {});
}

/** The partition of a known region, else undefined. */
export function partitionOf(region: string): string | undefined {
  return PARTITION_OF.get(region.trim().toLowerCase());
}

/** The region's human name ("Europe (Frankfurt)"), for messages. */
export function regionDescription(region: string): string | undefined {
  const partition = partitionOf(region);
  return partition ? PARTITIONS[partition]?.[region.trim().toLowerCase()] : undefined;
}

export function isKnownRegion(value: string): boolean {
  return PARTITION_OF.has(value.trim().toLowerCase());
}

/** The closest names by edit distance (≤ 3), best first; the hint of an unknown-region error. */
export function suggestRegions(value: string, candidates: string[] = knownRegions()): string[] {
  const wanted = value.trim().toLowerCase();
  return candidates
    .map((name) => ({ name, distance: distance(wanted, name) }))
    .filter((c) => c.distance <= 3)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((c) => c.name);
}

export interface ParseRegionOptions {
  /** Where the value came from, for the message (`--regions`, `settings region`, `AWS_REGION`). */
  where?: string;
  /** Error code: E_CONFIG for configuration, E_VALIDATION (default) for call input. */
  code?: "E_CONFIG" | "E_VALIDATION" | "E_USAGE";
  /** Only these regions are acceptable (the sandbox's enabled regions); default: every known region. */
  allowed?: readonly string[];
}

/** The canonical (lower-case) region name, or an OpsError naming the value and the nearest names. */
export function parseRegion(value: string, options: ParseRegionOptions = {}): string {
  const name = value.trim().toLowerCase();
  const allowed = options.allowed;
  if (allowed ? allowed.includes(name) : PARTITION_OF.has(name)) return name;
  const near = suggestRegions(name, allowed ? [...allowed] : knownRegions());
  const where = options.where ? ` (${options.where})` : "";
  const what =
    allowed && PARTITION_OF.has(name)
      ? `region "${value}" is not enabled here${where}`
      : `unknown AWS region "${value}"${where}`;
  throw new OpsError(options.code ?? "E_VALIDATION", what, {
    hint: near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : regionsHint(allowed),
    details: { field: "regions", region: value, suggestions: near },
  });
}

/** Bad region names described one by one in an error (with suggestions); the rest are counted. */
const MAX_DESCRIBED = 5;

/** Parses a list (duplicates collapse, order kept); bad names are reported in one error. */
export function parseRegions(values: readonly string[], options: ParseRegionOptions = {}): string[] {
  const out = new Set<string>();
  const problems: OpsError[] = [];
  let more = 0; // bad names past the first few are counted, not described (60,000 invented ones must stay cheap)
  for (const value of values) {
    if (value.trim() === "") continue;
    if (problems.length >= MAX_DESCRIBED) {
      const name = value.trim().toLowerCase();
      if (options.allowed ? options.allowed.includes(name) : PARTITION_OF.has(name)) out.add(name);
      else more++;
      continue;
    }
    try {
      out.add(parseRegion(value, options));
    } catch (error) {
      problems.push(error as OpsError);
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    const tail = more > 0 ? `; and ${more} more unknown region names` : "";
    throw new OpsError(options.code ?? "E_VALIDATION", problems.map((p) => p.message).join("; ") + tail, {
      hint: problems.map((p) => `${String(p.details?.region)}: ${p.hint}`).join("; "),
      details: { field: "regions", regions: problems.map((p) => p.details?.region) },
    });
  }
  return [...out];
}

function regionsHint(allowed: readonly string[] | undefined): string {
  return allowed ? `enabled regions: ${allowed.join(", ")}` : "regions look like us-east-1, eu-central-1";
}
