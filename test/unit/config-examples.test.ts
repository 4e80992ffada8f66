import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { parseRegistry } from "../../src/config/registry.ts";
import { settingsSchema } from "../../src/config/schema.ts";

const ROOT = join(import.meta.dir, "..", "..");
type Schema = { type?: string; properties?: Record<string, Schema> };

function leafPaths(schema: Schema, prefix: string[] = []): string[][] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, prop]) =>
    prop.type === "object" && prop.properties ? leafPaths(prop, [...prefix, key]) : [[...prefix, key]],
  );
}

describe("the shipped examples", () => {
  test("config/ops-agent.example.yaml is valid and shows every settings key (set or commented out)", () => {
    const file = join(ROOT, "config/ops-agent.example.yaml");
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    // Valid as shipped; its registry path is resolved beside it, so point it at the registry example.
    const config = loadConfig({
      configPath: file,
      env: { ACCOUNT_REGISTRY: readFileSync(join(ROOT, "config/accounts.example.yaml"), "utf8") },
      cwd: ROOT,
    });
    expect(config.accounts.length).toBeGreaterThan(0);
    const missing = leafPaths(settingsSchema as Schema).filter((path) => {
      // Each key of the path must appear, in order and one level deeper each time, as `key:` or `# key:`.
      let from = 0;
      let indent = -1;
      for (const key of path) {
        const at = lines.findIndex(
          (line, i) =>
            i >= from && new RegExp(`^(\\s*)(# )?${key}:`).test(line) && line.search(/\S/) > indent,
        );
        if (at < 0) return true;
        [from, indent] = [at + 1, lines[at]!.search(/\S/)];
      }
      return false;
    });
    expect(missing.map((p) => p.join("."))).toEqual([]);
  });

  test("config/accounts.example.yaml parses without problems", () => {
    const file = join(ROOT, "config/accounts.example.yaml");
    const { accounts, problems } = parseRegistry(readFileSync(file, "utf8"), file);
    expect(problems).toEqual([]);
    expect(accounts.some((a) => a.role === "central")).toBe(true);
  });
});
