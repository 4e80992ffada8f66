import type { Account } from "../config/types.ts";
import type { PluginTool } from "../plugins/types.ts";
import type { ToolSpec } from "./types.ts";

export const LIST_ACCOUNTS = "list_accounts";

function accountsProperty(accounts: Account[]): Record<string, unknown> {
  const names = accounts.map((a) => a.name);
  const known = names.length > 50 ? `${names.slice(0, 50).join(", ")}, …` : names.join(", ");
  return {
    type: "array",
    items: { type: "string", maxLength: 128 },
    maxItems: 1000,
    description:
      'Accounts to query: `all`, account ids, names, aliases, or `env:<environment>`, e.g. ["env:production"]. ' +
      `Default: every workload account. Known accounts: ${known || "none"}.`,
  };
}

const regionsProperty = {
  type: "array",
  items: { type: "string", maxLength: 32 },
  maxItems: 64,
  description:
    'Regions to query, e.g. ["us-east-1"], or ["all"] for each account\'s enabled regions. Default: each account\'s configured regions, else the default region.',
};

/** A plugin tool as clients see it: its own schema plus `accounts` and `regions`. */
export function pluginToolSpec(tool: PluginTool, accounts: Account[]): ToolSpec {
  const schema = tool.inputSchema;
  const properties = (schema.properties as Record<string, unknown> | undefined) ?? {};
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: {
      ...schema,
      type: "object",
      properties: { ...properties, accounts: accountsProperty(accounts), regions: regionsProperty },
    },
  };
}

export const listAccountsSpec: ToolSpec = {
  name: LIST_ACCOUNTS,
  description:
    "Lists the AWS accounts ops-agent can query (id, name, environment, role, regions, aliases, OU when discovered), from the " +
    "local registry without calling AWS. Use it to resolve account names or environments before other tools.",
  inputSchema: { type: "object", additionalProperties: false, properties: {} },
};

/** The registry as `list_accounts` returns it. */
export function registryItems(accounts: Account[]): Array<Record<string, unknown>> {
  return accounts.map((a) => ({
    id: a.id,
    name: a.name,
    environment: a.environment,
    role: a.role,
    regions: a.regions,
    aliases: a.aliases,
    ...(a.ou === undefined ? {} : { ou: a.ou }),
  }));
}
