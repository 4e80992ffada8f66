// Issue 17, "tool arguments are bounded". On the old main a string argument had no maxLength and an
// array no maxItems (1 MB of text reached the generated script), and a plugin could declare an array
// without items or an object open to any key.
import { describe, expect, test } from "bun:test";
import { defaultSettings } from "../../src/config/schema.ts";
import { silentLogger } from "../../src/log.ts";
import type { McpPool } from "../../src/mcp/types.ts";
import { DEFAULT_MAX_ITEMS, LIMIT_MAX_LENGTH } from "../../src/plugins/bounds.ts";
import { loadPlugins } from "../../src/plugins/load.ts";
import { sandboxAccounts } from "../../src/sandbox/org.ts";
import { createExecutor } from "../../src/tools/executor.ts";

type Schema = Record<string, unknown>;

/** Every path in a schema where a string lacks maxLength or an array lacks maxItems/items. */
function unbounded(schema: Schema, path: string): string[] {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const out: string[] = [];
  if (types.includes("string") && typeof schema.maxLength !== "number")
    out.push(`${path}: string without maxLength`);
  if (types.includes("array")) {
    if (typeof schema.maxItems !== "number") out.push(`${path}: array without maxItems`);
    if (!schema.items) out.push(`${path}: array without items`);
    else out.push(...unbounded(schema.items as Schema, `${path}[]`));
  }
  for (const [name, child] of Object.entries((schema.properties as Record<string, Schema>) ?? {}))
    out.push(...unbounded(child, `${path}.${name}`));
  return out;
}

const { tools } = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger });
let requests = 0;
const mcp = {
  callTool: async () => {
    requests++;
    return { value: { items: [], truncated: false }, from: "structured", text: "" };
  },
} as unknown as McpPool;
const executor = createExecutor({
  config: {
    settings: defaultSettings,
    accounts: sandboxAccounts(),
    env: { endpoints: {}, home: "/" },
    sources: {},
  },
  pluginTools: tools,
  mcp,
  logger: silentLogger,
});

describe("every tool argument is bounded", () => {
  test("built-in plugin tools and list_accounts, as the model and MCP clients see them", () => {
    const specs = executor.specs();
    expect(specs.length).toBeGreaterThan(20);
    expect(specs.flatMap((s) => unbounded(s.inputSchema, s.name))).toEqual([]);
  });

  test("a megabyte string or a thousand-item array is refused before any request", async () => {
    const huge = executor.invoke("ec2_describe_vpcs", { vpc_ids: ["x".repeat(1_000_000)], accounts: "all" });
    await expect(huge).rejects.toMatchObject({ code: "E_VALIDATION" });
    const many = executor.invoke("ec2_describe_vpcs", {
      vpc_ids: Array.from({ length: DEFAULT_MAX_ITEMS + 1 }, (_, i) => `vpc-${i}`),
    });
    await expect(many).rejects.toMatchObject({ code: "E_VALIDATION" });
    expect(requests).toBe(0);
  });
});

describe("a plugin's input schema is checked at load", () => {
  const plugin = (property: string) =>
    [
      "service: ec2",
      "description: A custom EC2 plugin for the bounds test.",
      "tools:",
      "  - name: ec2_custom_vpcs",
      "    description: VPCs of the account, for the bounds test.",
      "    input:",
      "      type: object",
      "      properties:",
      `        ${property}`,
      "    operation: DescribeVpcs",
      "    items: Vpcs[]",
      "    select: { id: VpcId }",
    ].join("\n");
  const load = (property: string) => () =>
    loadPlugins({
      dirs: ["/p"],
      allowOperations: [],
      logger: silentLogger,
      listDir: () => ["custom.yaml"],
      readFile: () => plugin(property),
    });

  test.each([
    ["ids: { type: array, description: Ids. }", "an array without `items`"],
    ["filter: { type: object, description: Raw filter. }", "filter.type"],
    [`name: { type: string, description: A name., maxLength: ${LIMIT_MAX_LENGTH + 1} }`, "maxLength"],
    ["ids: { type: array, description: Ids., items: { type: string }, maxItems: 100000 }", "maxItems"],
    ["thing: { description: untyped }", "missing required key"],
  ])("%s → E_PLUGIN naming the file and field", (property, why) => {
    expect(load(property)).toThrow(why);
    try {
      load(property)();
    } catch (error) {
      expect(error).toMatchObject({ code: "E_PLUGIN" });
      expect((error as Error).message).toContain("custom.yaml");
    }
  });

  test("a bounded plugin loads; its own bounds are kept, missing ones get the defaults", () => {
    const { tools: loaded } = load(
      "ids: { type: array, description: Ids., items: { type: string, maxLength: 21 }, maxItems: 5 }",
    )();
    const ids = (
      loaded.find((t) => t.name === "ec2_custom_vpcs")!.inputSchema.properties as Record<string, Schema>
    ).ids!;
    expect(ids).toMatchObject({ maxItems: 5, items: { maxLength: 21 } });
  });
});
