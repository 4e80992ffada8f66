// The settings and registry validators compiled ahead of time (src/config/validators.generated.ts) judge
// exactly as Ajv compiling src/config/schema.ts at run time would: same verdict, same errors.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { registrySchema, settingsSchema } from "../../src/config/schema.ts";
import { registry, settings } from "../../src/config/validators.generated.ts";
import { compileSchema } from "../../src/config/yaml-source.ts";

const ROOT = join(import.meta.dir, "../..");
const example = (file: string) => parse(readFileSync(join(ROOT, "config", file), "utf8"));

const SETTINGS: unknown[] = [
  example("ops-agent.example.yaml"),
  {},
  { region: "eu-west-1", auth: { mode: "iam" }, server: { port: 8080 } },
  { region: "moon-base-1", regions: ["us-east-1", "mars-1"] },
  { auth: { mdoe: "iam", mode: "sss" }, mcp: { timeout_ms: "x", max_retries: -1 } },
  { executor: { concurrency: 0, batch: "everything" }, unknown_top_level: true },
  { model: { id: 7, temperature: 3 }, server: { trust: "anyone", port: 70000 } },
  { plugins: "not-a-list", services: [1, 2] },
  [],
  "text",
];

const REGISTRY: unknown[] = [
  example("accounts.example.yaml"),
  { accounts: [] },
  { accounts: [{ id: "12", name: "x", regions: ["mars-1"], role: "boss" }] },
  {
    accounts: [
      { name: "no id", aliases: 7 },
      { id: "111111111111", name: "a", extra: 1 },
    ],
  },
  { nothing: true },
];

function judge(validate: (v: unknown) => boolean, value: unknown) {
  const ok = validate(value);
  return { ok, errors: (validate as unknown as { errors?: unknown[] }).errors ?? null };
}

describe("validators compiled ahead of time", () => {
  test.each(SETTINGS.map((v, i) => [i, v] as const))("settings case %d: same verdict and errors", (_i, v) => {
    expect(judge(settings, v)).toEqual(judge(compileSchema(settingsSchema), v));
  });

  test.each(REGISTRY.map((v, i) => [i, v] as const))("registry case %d: same verdict and errors", (_i, v) => {
    expect(judge(registry, v)).toEqual(judge(compileSchema(registrySchema), v));
  });

  test("the cases exercise both verdicts", () => {
    const verdicts = [...SETTINGS.map((v) => settings(v)), ...REGISTRY.map((v) => registry(v))];
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
