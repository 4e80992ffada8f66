import { expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CallResult } from "../../src/tools/types.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

// `ops-agent mcp --sandbox` as Claude Desktop/Code or Cursor would start it: the real CLI, the real
// runtime (plugins, executor, SigV4 MCP client) against the built-in simulated organization.
test("an MCP client drives `ops-agent mcp` over stdio: list tools, call one across accounts", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["src/cli/main.ts", "mcp", "--sandbox"],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", AWS_EC2_METADATA_DISABLED: "true" },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const client = new Client({ name: "test", version: "1" });
  await client.connect(transport).catch((error) => {
    throw new Error(`ops-agent mcp did not answer: ${error}\n${stderr}`);
  });
  try {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("list_accounts");
    expect(names).toContain("ec2_describe_instances");
    const ec2 = tools.find((t) => t.name === "ec2_describe_instances")!;
    expect(Object.keys(ec2.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["accounts", "regions"]),
    );

    const call = (await client.callTool({
      name: "ec2_describe_instances",
      arguments: { accounts: ["production", "staging"], regions: ["us-east-1"] },
    })) as CallToolResult;
    expect(call.isError).toBe(false);
    const envelope = call.structuredContent as unknown as CallResult;
    expect(envelope.results.map((r) => r.account_name).sort()).toEqual(["production", "staging"]);
    expect(envelope.results.every((r) => r.ok && r.region === "us-east-1")).toBe(true);

    const unknown = (await client.callTool({
      name: "ec2_terminate_instances",
      arguments: {},
    })) as CallToolResult;
    expect(unknown.isError).toBe(true);

    // The read-only rules hold through MCP too: arguments cannot smuggle an operation or parameters.
    const smuggled = (await client.callTool({
      name: "ec2_describe_instances",
      arguments: {
        accounts: ["production"],
        operation: "TerminateInstances",
        params: { InstanceIds: ["i-1"] },
      },
    })) as CallToolResult;
    expect(smuggled.isError).toBe(true);
    expect(JSON.stringify(smuggled.content)).toContain("E_VALIDATION");
  } finally {
    await client.close();
  }
  expect(stderr).not.toContain("Unexpected token"); // nothing but JSON-RPC went to stdout
}, 30_000);
