import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import {
  isKnownRegion,
  knownRegions,
  parseRegion,
  partitionOf,
  suggestRegions,
} from "../../src/config/regions.ts";
import { parseRegistry } from "../../src/config/registry.ts";
import { thrown } from "../helpers/thrown.ts";

describe("region names from the SDK's partition metadata", () => {
  test("every partition's regions; pseudo-regions (aws-global) are not regions", () => {
    expect(knownRegions("aws")).toContain("eu-central-2");
    expect(knownRegions("aws-us-gov")).toEqual(["us-gov-east-1", "us-gov-west-1"]);
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(isKnownRegion("aws-global")).toBe(false);
    // Shaped like a region, but no partition lists it: the old hand-written pattern accepted it.
    expect(isKnownRegion("eu-moon-1")).toBe(false);
  });

  test("case-insensitive, canonical lower case", () => {
    expect(parseRegion(" EU-West-1 ")).toBe("eu-west-1");
  });

  test("a typo gets did-you-mean; an unknown name is an error", () => {
    const typo = thrown(() => parseRegion("us-esat-1", { where: "--regions" }));
    expect(typo.code).toBe("E_VALIDATION");
    expect(typo.message).toBe('unknown AWS region "us-esat-1" (--regions)');
    expect(typo.hint).toStartWith('did you mean "us-east-1"');
    expect(suggestRegions("Frankfurt")).toEqual([]);
    expect(thrown(() => parseRegion("Frankfurt")).hint).toBe("regions look like us-east-1, eu-central-1");
  });

  test("only the allowed regions (a sandbox organization's)", () => {
    const error = thrown(() => parseRegion("ap-south-1", { allowed: ["us-east-1", "eu-west-1"] }));
    expect(error.message).toBe('region "ap-south-1" is not enabled here');
    expect(error.hint).toBe("enabled regions: us-east-1, eu-west-1");
  });

  test("configuration: settings, environment and registry are checked the same way", () => {
    const cwd = mkdtempSync(join(tmpdir(), "ops-agent-regions-"));
    writeFileSync(join(cwd, "s.yaml"), "region: eu-wset-1\n");
    const file = thrown(() => loadConfig({ configPath: "s.yaml", env: {}, cwd }));
    expect(file.code).toBe("E_CONFIG");
    expect(file.message).toContain('region: unknown AWS region "eu-wset-1" (did you mean "eu-west-1"?)');
    const env = thrown(() => loadConfig({ env: { AWS_REGION: "us-esat-1" }, cwd }));
    expect(env.message).toBe('unknown AWS region "us-esat-1" (region from env AWS_REGION)');
    expect(loadConfig({ env: { AWS_REGION: "US-WEST-2" }, cwd }).settings.region).toBe("us-west-2");
    writeFileSync(join(cwd, "all.yaml"), "regions: all\n");
    expect(loadConfig({ configPath: "all.yaml", env: {}, cwd }).settings.regions).toEqual(["all"]);
    const registry = parseRegistry(
      'accounts:\n  - { id: "111111111111", regions: all }\n  - { id: "222222222222", regions: [EU-WEST-1] }\n',
      "r.yaml",
    );
    expect(registry.accounts.map((a) => a.regions)).toEqual([["all"], ["eu-west-1"]]);
  });
});
