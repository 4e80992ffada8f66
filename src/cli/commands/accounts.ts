import { defineCommand } from "citty";
import type { Account } from "../../config/types.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { type Column, parseFormat, print, renderJson, renderTable, renderYaml } from "../output.ts";

const columns: Column<Account>[] = [
  { header: "id", value: (a) => a.id },
  { header: "name", value: (a) => a.name },
  { header: "environment", value: (a) => a.environment },
  { header: "role", value: (a) => a.role },
  { header: "regions", value: (a) => a.regions.join(",") },
  { header: "aliases", value: (a) => a.aliases.join(",") },
];

export default defineCommand({
  meta: { name: "accounts", description: "List the account registry (--check obtains credentials for each)" },
  args: {
    ...commonArgs,
    output: { type: "string", description: "table|json|yaml", valueHint: "format" },
    check: {
      type: "boolean",
      description: "Obtain credentials for every account and report status and latency",
    },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["table", "json", "yaml"], "table");
    const ctx = await createCliContext(args);
    if (args.check) {
      const { runAccountsCheck } = await import("./accounts-check.ts");
      process.exitCode = await runAccountsCheck(ctx, format);
      return;
    }
    await ctx.close();
    const accounts = ctx.config.accounts;
    if (format === "json") print(renderJson({ accounts }));
    else if (format === "yaml") print(renderYaml({ accounts }));
    else if (accounts.length === 0) print("No accounts in the registry (see config/accounts.example.yaml).");
    else print(renderTable(accounts, columns));
  },
});
