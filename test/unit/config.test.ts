import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, readAwsEnvironment } from "../../src/config/load.ts";
import { parseRegistry } from "../../src/config/registry.ts";
import { defaultSettings, registrySchema, settingsSchema } from "../../src/config/schema.ts";
import { OpsError } from "../../src/errors.ts";
import { parsePlugin } from "../../src/plugins/parse.ts";
import { thrown } from "../helpers/thrown.ts";

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ops-agent-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

function problems(
  fn: () => unknown,
): Array<{ file: string; line: number; column: number; path: string; message: string }> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OpsError);
    expect((error as OpsError).code).toBe("E_CONFIG");
    return ((error as OpsError).details?.problems ?? []) as never;
  }
  throw new Error("expected a configuration error");
}

describe("settings", () => {
  test("defaults when no file exists", () => {
    const cwd = dir({});
    const config = loadConfig({ env: {}, cwd });
    expect(config.settings).toEqual(defaultSettings);
    expect(config.accounts).toEqual([]);
    expect(config.sources.settings).toBeUndefined();
  });

  test("finds ./config/ops-agent.yaml, merges over defaults, resolves paths against the file", () => {
    const cwd = dir({});
    const cfg = join(cwd, "config");
    require("node:fs").mkdirSync(cfg);
    writeFileSync(
      join(cfg, "ops-agent.yaml"),
      "region: eu-west-1\nmcp:\n  timeout_ms: 5000\nplugins: [extra]\n",
    );
    writeFileSync(join(cfg, "accounts.yaml"), 'accounts:\n  - id: "123456789012"\n    name: prod\n');
    const config = loadConfig({ env: {}, cwd });
    expect(config.settings.region).toBe("eu-west-1");
    expect(config.settings.mcp.timeout_ms).toBe(5000);
    expect(config.settings.mcp.max_retries).toBe(defaultSettings.mcp.max_retries);
    expect(config.settings.plugins).toEqual([join(cfg, "extra")]);
    expect(config.accounts.map((a) => a.id)).toEqual(["123456789012"]);
  });

  test("--config beats OPS_AGENT_CONFIG; a missing explicit file is an error", () => {
    const cwd = dir({ "a.yaml": "region: us-west-2\n", "b.yaml": "region: eu-central-1\n" });
    expect(
      loadConfig({ configPath: "a.yaml", env: { OPS_AGENT_CONFIG: "b.yaml" }, cwd }).settings.region,
    ).toBe("us-west-2");
    expect(loadConfig({ env: { OPS_AGENT_CONFIG: "b.yaml" }, cwd }).settings.region).toBe("eu-central-1");
    expect(() => loadConfig({ configPath: "nope.yaml", env: {}, cwd })).toThrow(/nope\.yaml: file not found/);
  });

  test("environment overrides: AWS_REGION, OPS_AGENT_MCP_ENDPOINT, OPS_AGENT_MODEL_ID", () => {
    const cwd = dir({ "s.yaml": "region: eu-west-1\n" });
    const config = loadConfig({
      configPath: "s.yaml",
      env: {
        AWS_DEFAULT_REGION: "ap-south-1",
        AWS_REGION: "us-west-1",
        OPS_AGENT_MCP_ENDPOINT: "http://127.0.0.1:9/mcp",
        OPS_AGENT_MODEL_ID: "m",
      },
      cwd,
    });
    expect(config.settings.region).toBe("us-west-1");
    expect(config.settings.mcp.endpoint).toBe("http://127.0.0.1:9/mcp");
    expect(config.settings.model.id).toBe("m");
    expect(() => loadConfig({ env: { AWS_REGION: "Frankfurt" }, cwd })).toThrow(
      /unknown AWS region "Frankfurt"/,
    );
  });

  test("the effective configuration: file ⊕ env ⊕ flags ⊕ overlays, frozen, with provenance", () => {
    const cwd = dir({ "s.yaml": "region: eu-west-1\nmcp:\n  timeout_ms: 5000\n" });
    const config = loadConfig({
      configPath: "s.yaml",
      env: { AWS_REGION: "us-west-1", OPS_AGENT_MODEL_ID: "from-env" },
      cwd,
      flags: [{ source: "--model", settings: { model: { id: "from-flag" } } }],
      overlays: [
        {
          source: "sandbox",
          endpoints: { sts: "http://127.0.0.1:1/" },
          settings: { auth: { mode: "iam" }, mcp: { endpoint: "http://127.0.0.1:2/mcp" } },
          accounts: [
            { id: "111111111111", name: "a", environment: "e", role: "workload", regions: [], aliases: [] },
          ],
        },
      ],
    });
    expect(config.settings.model.id).toBe("from-flag");
    expect(config.settings.auth.mode).toBe("iam");
    expect(config.env.endpoints.sts).toBe("http://127.0.0.1:1/");
    expect(config.accounts.map((a) => a.name)).toEqual(["a"]);
    expect(config.provenance).toEqual({
      region: "env AWS_REGION",
      "mcp.timeout_ms": `${join(cwd, "s.yaml")}:3`,
      "model.id": "--model",
      "auth.mode": "sandbox",
      "mcp.endpoint": "sandbox",
      "env.endpoints.sts": "sandbox",
      accounts: "sandbox",
    });
    expect(Object.isFrozen(config.settings.mcp)).toBe(true);
    expect(Object.isFrozen(config.accounts[0])).toBe(true);
    expect(() => {
      (config.settings.mcp as { endpoint: string }).endpoint = "x";
    }).toThrow();
    // The defaults the configuration started from are untouched.
    expect(defaultSettings.mcp.endpoint).toBe("https://aws-mcp.us-east-1.api.aws/mcp");
  });

  test("AWS endpoint conventions", () => {
    const env = readAwsEnvironment({
      AWS_ENDPOINT_URL: "http://base",
      AWS_ENDPOINT_URL_STS: "http://sts",
      AWS_PROFILE: "p",
      HOME: "/h",
    });
    expect(env.endpoints).toEqual({
      sts: "http://sts",
      sso: "http://base",
      ssoOidc: "http://base",
      bedrockRuntime: "http://base",
      organizations: "http://base",
    });
    expect(env.profile).toBe("p");
    expect(env.home).toBe("/h");
    // The service's own variable wins over AWS_ENDPOINT_URL (Organizations discovery's client reads it).
    const org = readAwsEnvironment({
      AWS_ENDPOINT_URL: "http://base",
      AWS_ENDPOINT_URL_ORGANIZATIONS: "http://org",
    });
    expect(org.endpoints.organizations).toBe("http://org");
  });

  test("one clear problem per mistake, with file, line, column and field", () => {
    const cwd = dir({
      "bad.yaml": [
        "regoin: us-east-1",
        "auth:",
        "  mode: magic",
        "mcp:",
        "  timeout_ms: fast",
        "server:",
        "  port: 99999",
      ].join("\n"),
    });
    const found = problems(() => loadConfig({ configPath: "bad.yaml", env: {}, cwd }));
    const byPath = Object.fromEntries(found.map((p) => [p.path, p]));
    expect(byPath.regoin).toMatchObject({
      line: 1,
      column: 1,
      message: 'unknown key "regoin" (did you mean "region"?)',
    });
    expect(byPath["auth.mode"]).toMatchObject({ line: 3, message: 'expected one of "auto", "iam", "sso"' });
    expect(byPath["mcp.timeout_ms"]).toMatchObject({ line: 5, message: "expected integer" });
    expect(byPath["server.port"]?.line).toBe(7);
    expect(found.every((p) => p.file.endsWith("bad.yaml"))).toBe(true);
  });

  test("an enum typo gets the nearest value; the message lists problems in file and line order", () => {
    const cwd = dir({
      "typo.yaml": ["server:", "  port: 99999", "auth:", "  mode: ssso", "regoin: us-east-1"].join("\n"),
    });
    const error = thrown(() => loadConfig({ configPath: "typo.yaml", env: {}, cwd }));
    const lines = error.message
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
    expect(lines.map((l) => Number(l.split(":")[1]))).toEqual([2, 4, 5]);
    expect(lines[1]).toEndWith('auth.mode: expected one of "auto", "iam", "sso" (did you mean "sso"?)');
  });

  test("malformed YAML names the line", () => {
    const cwd = dir({ "broken.yaml": "region: us-east-1\nauth:\n  mode: [iam\n" });
    const [first] = problems(() => loadConfig({ configPath: "broken.yaml", env: {}, cwd }));
    expect(first?.message).toMatch(/^invalid YAML/);
    expect(first?.line).toBeGreaterThanOrEqual(3);
  });

  test("every schema property has a description (the README reference is generated from them)", () => {
    const missing: string[] = [];
    const walk = (schema: Record<string, unknown>, path: string) => {
      for (const [key, prop] of Object.entries(
        (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        if (!prop.description) missing.push(`${path}${key}`);
        walk(prop, `${path}${key}.`);
        if (prop.items && typeof prop.items === "object")
          walk(prop.items as Record<string, unknown>, `${path}${key}[].`);
      }
    };
    walk(settingsSchema, "");
    walk(registrySchema, "");
    expect(missing).toEqual([]);
  });
});

describe("account registry", () => {
  const yaml = (body: string) => `accounts:\n${body}`;

  test("quoted ids, defaults and the seed's JSON shape", () => {
    const { accounts, problems } = parseRegistry(
      JSON.stringify({
        accounts: [
          { id: "111111111111", name: "Central Operations", environment: "operations", role: "central" },
        ],
      }),
      "seed.json",
    );
    expect(problems).toEqual([]);
    expect(accounts[0]).toEqual({
      id: "111111111111",
      name: "Central Operations",
      environment: "operations",
      role: "central",
      role_name: undefined,
      regions: [],
      external_id: undefined,
      aliases: [],
    });
  });

  test("an unquoted id keeps the digits as written, leading zero included", () => {
    const { accounts, problems } = parseRegistry(yaml("  - id: 012345678901\n    name: a\n"), "r.yaml");
    expect(problems).toEqual([]);
    expect(accounts[0]?.id).toBe("012345678901");
  });

  test("an id that is not 12 digits is rejected with a hint to quote it", () => {
    const { problems } = parseRegistry(
      yaml("  - id: 12345\n    name: a\n  - id: 1.2e11\n    name: b\n"),
      "r.yaml",
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ line: 2, path: "accounts[0].id" });
    expect(problems[0]?.message).toContain("quote it");
    expect(problems[1]).toMatchObject({ line: 4, path: "accounts[1].id" });
  });

  test("duplicate ids and names, bad regions, unknown keys", () => {
    const { problems } = parseRegistry(
      yaml(
        [
          '  - id: "111111111111"',
          "    name: prod",
          '  - id: "111111111111"',
          "    name: Prod",
          '  - id: "222222222222"',
          "    name: dev",
          "    regions: [us-east-1, moon-base-1x]",
          "    enviroment: dev",
        ].join("\n"),
      ),
      "r.yaml",
    );
    const messages = problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    expect(messages.some((m) => m === '8 accounts[2].regions[1]: unknown AWS region "moon-base-1x"')).toBe(
      true,
    );
    expect(
      messages.some((m) =>
        /^9 accounts\[2\]\.enviroment: unknown key "enviroment" \(did you mean "environment"\?\)/.test(m),
      ),
    ).toBe(true);
  });

  test("duplicates are reported when the schema passes", () => {
    const { problems } = parseRegistry(
      yaml(
        ['  - id: "111111111111"', "    name: prod", '  - id: "111111111111"', "    name: Prod"].join("\n"),
      ),
      "r.yaml",
    );
    expect(problems.map((p) => p.message)).toEqual([
      "duplicate account id 111111111111 (also accounts[0])",
      'duplicate account name or alias "Prod" (also accounts[0])',
    ]);
    expect(problems[0]?.line).toBe(4);
  });

  test("ACCOUNT_REGISTRY (inline JSON) wins over files", () => {
    const cwd = dir({});
    const config = loadConfig({
      env: { ACCOUNT_REGISTRY: '{"accounts":[{"id":"999999999999","name":"x"}]}' },
      cwd,
    });
    expect(config.accounts.map((a) => a.id)).toEqual(["999999999999"]);
    expect(config.sources.accounts).toBe("ACCOUNT_REGISTRY");
  });
});

describe("problem messages inside $ref definitions", () => {
  test("an unknown key in a plugin tool (a $ref'd definition) gets a did-you-mean", () => {
    const text = [
      "service: demo",
      "description: Demo.",
      "tools:",
      "  - name: demo_list",
      "    description: Lists.",
      "    operaton: ListThings",
    ].join("\n");
    expect(() => parsePlugin("demo.yaml", text, false)).toThrow(
      'demo.yaml:6:5 tools[0].operaton: unknown key "operaton" (did you mean "operation"?)',
    );
  });
});

describe("registry: every problem in one run", () => {
  test("duplicates are reported together with schema problems, in file order", () => {
    const { accounts, problems } = parseRegistry(
      `accounts:\n${[
        '  - id: "111111111111"',
        "    name: prod",
        '  - id: "111111111111"',
        "    name: prod",
        "    regions: [mars-1]",
        "  - name: nameless",
        "    aliases: 7",
      ].join("\n")}`,
      "r.yaml",
    );
    expect(accounts).toEqual([]);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      "4:9 accounts[1].id: duplicate account id 111111111111 (also accounts[0])",
      '5:11 accounts[1].name: duplicate account name or alias "prod" (also accounts[0])',
      '6:15 accounts[1].regions[0]: unknown AWS region "mars-1"',
      '7:5 accounts[2]: missing required key "id"',
      "8:14 accounts[2].aliases: expected array",
    ]);
  });
});
