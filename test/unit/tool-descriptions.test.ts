import { describe, expect, test } from "bun:test";
import { compileSchema } from "../../src/config/yaml-source.ts";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { AWS_READ_EXAMPLES, createAwsRead, DEFAULT_SERVICES } from "../../src/tools/aws-read.ts";
import { listAccountsSpec, pluginToolSpec } from "../../src/tools/specs.ts";
import type { ToolSpec } from "../../src/tools/types.ts";

/**
 * Every example a built-in tool's description gives must be an input the tool accepts, so a model that
 * copies it is not refused: JSON objects in the description (`{"status": ["available"]}`), `name=value`
 * for an input property (refused: write the JSON instead), and each property's `e.g. <value>`.
 */
const awsRead = createAwsRead({ services: DEFAULT_SERVICES, allowOperations: [] });
const tools = [...loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger }).tools, awsRead];
const accounts = [
  {
    id: "111111111111",
    name: "prod",
    environment: "production",
    role: "r",
    regions: [],
    aliases: [],
    kind: "workload",
  },
];
const specs: ToolSpec[] = [listAccountsSpec, ...tools.map((t) => pluginToolSpec(t, accounts as never))];

/** JSON values embedded in text: balanced `{…}` / `[…]` that parse. */
function jsonObjects(text: string): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  for (let i = text.indexOf("{"); i >= 0; i = text.indexOf("{", i + 1)) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) {
        try {
          found.push(JSON.parse(text.slice(i, j + 1)));
          i = j;
        } catch {}
        break;
      }
    }
  }
  return found;
}

/** The value after `e.g. `: a bracketed or quoted JSON value, else the next word (JSON if it parses). */
function exampleAfter(text: string): unknown[] {
  const values: unknown[] = [];
  for (const m of text.matchAll(/e\.g\. /g)) {
    const rest = text.slice(m.index + 5);
    const close = { "[": "]", "{": "}", '"': '"' }[rest[0] ?? ""];
    const raw = close
      ? rest.slice(0, rest.indexOf(close, 1) + 1)
      : rest.split(/\s/)[0]!.replace(/[.,;)]+$/, "");
    try {
      values.push(JSON.parse(raw));
    } catch {
      values.push(close ? { unparsable: raw } : raw);
    }
  }
  return values;
}

describe("descriptions a model can follow", () => {
  test("every example in a built-in tool's description validates against its input schema", () => {
    const problems: string[] = [];
    for (const spec of specs) {
      const validate = compileSchema(spec.inputSchema);
      const props = (spec.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      const check = (what: string, input: Record<string, unknown>) => {
        if (!validate(input))
          problems.push(`${spec.name} ${what} ${JSON.stringify(input)}: ${validate.errors?.[0]?.message}`);
      };
      for (const obj of jsonObjects(spec.description)) {
        if (Object.keys(obj).some((k) => k in props)) check("description example", obj);
      }
      for (const m of spec.description.matchAll(/\b([a-z_]+)=(\S+)/g)) {
        if (m[1]! in props)
          problems.push(`${spec.name}: "${m[0]}" names input ${m[1]}: write the JSON input instead`);
      }
      for (const [name, prop] of Object.entries(props)) {
        for (const value of exampleAfter(prop.description ?? "")) {
          const required = ((spec.inputSchema.required ?? []) as string[]).filter((r) => r !== name);
          const input: Record<string, unknown> = { [name]: value };
          for (const r of required) input[r] = awsRead.name === spec.name ? "ec2" : "x";
          if (spec.name === awsRead.name)
            Object.assign(input, { service: "ec2", operation: "DescribeInstances", [name]: value });
          check(`property ${name} example`, input);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("aws_read's worked examples are in its description and render against the catalogue", () => {
    expect(AWS_READ_EXAMPLES).not.toEqual([]);
    for (const { input } of AWS_READ_EXAMPLES) {
      expect(awsRead.description).toContain(JSON.stringify(input));
      expect(awsRead.render(input, ["us-east-1"])).toContain("__OPS_SPEC__".length > 0 ? "json.loads" : "");
    }
  });
});
