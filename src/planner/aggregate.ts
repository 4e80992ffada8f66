import type { Reading } from "./reading.ts";

/** "How many … per account": count the (filtered) items, in total and per group. */
export interface Aggregate {
  count: boolean;
  /** `account`, `region`, or item fields tried in order (the first the items have). */
  by: Array<"account" | "region" | { label: string; fields: string[] }>;
}

const COUNT =
  /\bhow many\b|\b(?:the )?(?:total )?(?:count|number|tally) of\b|\bcount(?:s|ing)?\b|\btotal(?: number)?\b/gi;
const GROUP = "(?:per|by|for each|in each|for every|in every|each|grouped by|broken down by|split by|across)";
const ACCOUNT_REGION = new RegExp(
  `\\b${GROUP} (?:aws )?accounts? (?:and|&|,) (?:per |by |each )?regions?\\b`,
  "gi",
);
const ACCOUNT = new RegExp(`\\b${GROUP} (?:aws )?accounts?\\b`, "gi");
const REGION = new RegExp(`\\b${GROUP} regions?\\b`, "gi");
const PER_ITEM = new RegExp(
  `\\b${GROUP} (?:the )?(?:functions?|buckets?|instances?|items?|resources?|services?|clusters?|databases?|volumes?|groups?|tasks?)\\b`,
  "gi",
);
// biome-ignore format: one group per line reads as a table
const FIELDS: Array<{ pattern: string; label: string; fields: string[] }> = [
  { pattern: "runtimes?", label: "runtime", fields: ["runtime"] },
  { pattern: "engines?", label: "engine", fields: ["engine"] },
  { pattern: "(?:instance |node )?types?|class(?:es)?|sizes?", label: "type", fields: ["type", "class", "instance_types"] },
  { pattern: "states?|status(?:es)?", label: "state", fields: ["state", "status", "last_status"] },
  { pattern: "(?:engine |kubernetes )?versions?", label: "version", fields: ["version", "engine_version"] },
  { pattern: "azs?|availability zones?", label: "az", fields: ["az"] },
  { pattern: "launch types?", label: "launch type", fields: ["launch_type"] },
  { pattern: "capacity types?", label: "capacity type", fields: ["capacity_type"] },
  { pattern: "vpcs?", label: "VPC", fields: ["vpc_id"] },
  { pattern: "clusters?", label: "cluster", fields: ["cluster"] },
  { pattern: "(?:snapshot )?types?", label: "type", fields: ["type"] },
];

/** Reads a count and its groups; none when the question asks for neither. */
export function readAggregate(reading: Reading): Aggregate | undefined {
  const count = reading.take(COUNT).length > 0;
  const by: Aggregate["by"] = [];
  if (reading.take(ACCOUNT_REGION).length > 0) by.push("account", "region");
  if (reading.take(ACCOUNT).length > 0) by.push("account");
  if (reading.take(REGION).length > 0 && !by.includes("region")) by.push("region");
  for (const f of FIELDS) {
    if (reading.take(new RegExp(`\\b${GROUP} (?:the )?(?:${f.pattern})\\b`, "gi")).length > 0)
      by.push({ label: f.label, fields: f.fields });
  }
  // Without a count, "per account" and "per function" are how the answer is laid out already.
  if (!count) reading.take(PER_ITEM);
  if (!count) return by.some((b) => typeof b === "object") ? { count: true, by } : undefined;
  return { count, by };
}
