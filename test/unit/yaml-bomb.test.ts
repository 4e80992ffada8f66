// Issue 17, "clean failures": a YAML alias bomb (aliases of aliases) used to end as E_INTERNAL
// ("Excessive alias count…") with no file or line; now it is a positioned E_CONFIG / E_PLUGIN.
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { thrown } from "../helpers/thrown.ts";

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
function bomb(indent: string): string {
  const lines = [`${indent}a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]`];
  for (let i = 1; i < 9; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${indent}${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
  }
  return lines.join("\n");
}

test("settings file: positioned E_CONFIG", () => {
  const dir = mkdtempSync(join(tmpdir(), "ops-agent-bomb-"));
  const file = join(dir, "ops-agent.yaml");
  writeFileSync(file, `region: us-east-1\nbomb:\n${bomb("  ")}\n`);
  const error = thrown(() => loadConfig({ configPath: file, env: {}, cwd: dir }));
  expect(error.code).toBe("E_CONFIG");
  expect(error.message).toContain(`${file}:4:`);
  expect(error.message).toContain("alias");
});

test("account registry: positioned E_CONFIG", () => {
  const error = thrown(() =>
    loadConfig({
      env: { ACCOUNT_REGISTRY: `accounts: []\nbomb:\n${bomb("  ")}\n` },
      cwd: mkdtempSync(join(tmpdir(), "b-")),
    }),
  );
  expect(error.code).toBe("E_CONFIG");
  expect(error.message).toContain("ACCOUNT_REGISTRY:4:");
});

test("plugin file: positioned E_PLUGIN", () => {
  const error = thrown(() =>
    loadPlugins({
      dirs: ["/p"],
      allowOperations: [],
      logger: silentLogger,
      listDir: () => ["bomb.yaml"],
      readFile: () => `service: ec2\nbomb:\n${bomb("  ")}\n`,
    }),
  );
  expect(error.code).toBe("E_PLUGIN");
  expect(error.message).toContain("/p/bomb.yaml:4:");
  expect(error.message).toContain("alias");
});
