import { describe, expect, test } from "bun:test";
import { renderAccountDirectory, renderSystemPrompt } from "../../src/agent/prompt.ts";
import {
  buildSystem,
  buildToolConfig,
  compactSchema,
  supportsPromptCaching,
  supportsToolStatus,
} from "../../src/agent/tool-config.ts";
import type { Account } from "../../src/config/types.ts";

const account = (over: Partial<Account>): Account => ({
  id: "123456789012",
  name: "a",
  environment: "dev",
  role: "workload",
  regions: [],
  aliases: [],
  ...over,
});

describe("system prompt", () => {
  test("fills every placeholder with the date and the account directory", () => {
    const prompt = renderSystemPrompt({
      accounts: [
        account({ name: "hub", role: "central", regions: ["us-east-1"] }),
        account({ id: "210987654321", aliases: ["x", "y"] }),
      ],
      today: "2026-01-02",
    });
    expect(prompt).not.toMatch(/\{\{\w+\}\}/);
    expect(prompt).toContain("Today is 2026-01-02.");
    expect(prompt).toContain(
      "- 123456789012 hub environment=dev regions=us-east-1 CENTRAL (not queried unless named)",
    );
    expect(prompt).toContain("- 210987654321 a environment=dev aliases=x,y regions=(default)");
  });

  test("an empty registry tells the model to ask list_accounts", () => {
    expect(renderAccountDirectory([])).toContain("list_accounts");
  });
});

describe("tool config", () => {
  test("compact schemas drop metadata noise but keep a property named title", () => {
    const schema = {
      $schema: "x",
      title: "T",
      type: "object",
      properties: { title: { type: "string", title: "Title", description: "d", examples: ["a"] } },
    };
    expect(compactSchema(schema)).toEqual({
      type: "object",
      properties: { title: { type: "string", description: "d" } },
    });
  });

  test("prompt caching is for Anthropic Claude ids, inference profiles and ARNs", () => {
    expect(supportsPromptCaching("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toBe(true);
    expect(supportsPromptCaching("anthropic.claude-3-5-haiku-20241022-v1:0")).toBe(true);
    expect(
      supportsPromptCaching(
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-v1:0",
      ),
    ).toBe(true);
    expect(supportsPromptCaching("amazon.nova-pro-v1:0")).toBe(false);
    expect(supportsPromptCaching("meta.llama3-70b-instruct-v1:0")).toBe(false);
  });

  test("toolResult status only for models that accept it", () => {
    expect(supportsToolStatus("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toBe(true);
    expect(supportsToolStatus("us.amazon.nova-pro-v1:0")).toBe(true);
    expect(supportsToolStatus("meta.llama3-70b-instruct-v1:0")).toBe(false);
    expect(supportsToolStatus("mistral.mistral-large-2407-v1:0")).toBe(false);
  });

  test("cache points follow the system prompt and the tool list only when caching", () => {
    const specs = [{ name: "t", description: "d", inputSchema: { type: "object" } }];
    expect(buildToolConfig(specs, true).tools?.at(-1)).toEqual({ cachePoint: { type: "default" } });
    expect(buildToolConfig(specs, false).tools).toHaveLength(1);
    expect(buildSystem("p", true)).toEqual([{ text: "p" }, { cachePoint: { type: "default" } }]);
    expect(buildSystem("p", false)).toEqual([{ text: "p" }]);
  });
});
