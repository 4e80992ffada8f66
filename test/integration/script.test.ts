import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "../../src/log.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { renderScript, SCRIPT_TEMPLATE } from "../../src/plugins/script.ts";
import type { CallSpec } from "../../src/plugins/spec.ts";
import { extractSpec } from "../../src/sandbox/extract-spec.ts";
import { requirePython } from "../helpers/require.ts";

// s3_list_buckets with its argument bounds raised to the plugin limits (4096 characters, 1000 items):
// the hostile strings below are longer together than the built-in default of 256.
const S3 = readFileSync(join(import.meta.dir, "../../plugins/s3.yaml"), "utf8")
  .replace("prefix: { type: string, description:", "prefix: { type: string, maxLength: 4096, description:")
  .replace(
    "buckets: { type: array, items: { type: string }",
    "buckets: { type: array, items: { type: string, maxLength: 4096 }",
  );
const tools = loadPlugins({
  dirs: ["/p"],
  allowOperations: [],
  logger: silentLogger,
  listDir: () => ["s3.yaml"],
  readFile: () => S3,
}).tools;
const tool = (name: string) => tools.find((t) => t.name === name)!;

const HOSTILE = [
  '"',
  "'",
  '"""',
  "'''",
  "\\",
  '\\"',
  "\\\\\"'",
  "line\nbreak\r\nand\ttab",
  "__import__('os').system('id')",
  '"); import os; ("',
  "'); import os; ('",
  '""")\nimport os\nos.system("id")\n("""',
  "\u2028line separator\u2029paragraph separator",
  "nul\u0000byte",
  "emoji 😀 and 🇪🇺",
  "lone surrogate \ud800 end",
  "\u007f\u0085\u00a0\ufeff",
  ["{SPEC} $", "{x} %s {0}"].join(""),
  '"__OPS_SPEC__"',
  "\\u0022 \\x22 \\n",
  "# comment",
  "x".repeat(3000),
];

interface AstCheck {
  same_ast: boolean;
  literals: number;
  value: unknown;
}

/** Parses scripts with python3's own parser (ast_check.py), one process for all of them. */
function pythonAst(codes: string[]): AstCheck[] {
  const r = spawnSync("python3", [join(import.meta.dir, "../fixtures/plugins/ast_check.py")], {
    input: JSON.stringify({ codes, template: SCRIPT_TEMPLATE }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as AstCheck[];
}

describe("script generation", () => {
  test("the spec travels as one ASCII literal and reads back intact", () => {
    const code = tool("s3_list_buckets").render({ prefix: HOSTILE.join("|"), buckets: HOSTILE }, [
      "eu-west-1",
    ]);
    const literalLine = code.split("\n").find((l) => l.startsWith("SPEC = json.loads("))!;
    expect(literalLine).toMatch(/^SPEC = json\.loads\("(?:[\x20-\x21\x23-\x5b\x5d-\x7e]|\\[\\"])*"\)$/);
    expect(code.split("\n").length).toBe(SCRIPT_TEMPLATE.split("\n").length);
    const spec = extractSpec(code);
    expect(spec.params.Prefix).toBe(HOSTILE.join("|"));
    expect(spec.where).toEqual([{ path: "Name", values: HOSTILE }]);
    expect(spec.regions).toEqual(["eu-west-1"]);
  });

  test("extractSpec refuses anything but the template with one well-formed literal", () => {
    const code = tool("ec2_describe_vpcs").render({}, ["us-east-1"]);
    expect(() => extractSpec(`${code}\nimport os`)).toThrow(/not an ops-agent tool script/);
    expect(() => extractSpec(code.replace("return {", "return  {"))).toThrow(/not an ops-agent tool script/);
    expect(() => extractSpec(code.replace('json.loads("{', 'json.loads("{"+'))).toThrow(/not an ops-agent/);
    expect(() => extractSpec(code.replace('json.loads("{', 'json.loads("{\\n'))).toThrow(/not an ops-agent/);
    const spec: CallSpec = extractSpec(code);
    expect(renderScript(spec)).toBe(code);
  });

  test.skipIf(!requirePython())(
    "python parses every hostile script to the template's AST and gets the data back",
    () => {
      const codes = HOSTILE.map((value) =>
        tool("s3_list_buckets").render({ prefix: value, buckets: [value, "ok"] }, ["us-east-1"]),
      );
      const results = pythonAst(codes);
      for (const [i, value] of HOSTILE.entries()) {
        const [code, result] = [codes[i]!, results[i]!];
        expect(result.same_ast).toBe(true);
        expect(result.literals).toBe(1);
        expect(result.value).toEqual(JSON.parse(JSON.stringify(extractSpec(code))));
        expect((result.value as CallSpec).params.Prefix).toBe(value);
      }
    },
    60_000,
  );

  test.skipIf(!requirePython())(
    "a script with code spliced in does not match the template's AST",
    () => {
      const code = tool("s3_list_buckets")
        .render({ prefix: "a" }, ["us-east-1"])
        .replace("import json", "import json, os");
      expect(pythonAst([code])[0]!.same_ast).toBe(false);
    },
    60_000,
  );
});
