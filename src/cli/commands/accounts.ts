import { defineCommand } from "citty";
import type { Account } from "../../config/types.ts";
import type { DirectoryInfo } from "../../org/directory.ts";
import { commonArgs, createCliContext } from "../context.ts";
import {
  type Column,
  parseFormat,
  print,
  renderJson,
  renderTable,
  renderYaml,
  terminalWidth,
} from "../output.ts";

const columns: Column<Account>[] = [
  { header: "id", value: (a) => a.id },
  { header: "name", value: (a) => a.name },
  { header: "environment", value: (a) => a.environment },
  { header: "role", value: (a) => a.role },
  { header: "regions", value: (a) => a.regions.join(",") },
  { header: "aliases", value: (a) => a.aliases.join(",") },
];

function discoveredColumns(info: DirectoryInfo): Column<Account>[] {
  const missing = new Set(info.not_in_organization);
  const source = (a: Account) =>
    missing.has(a.id) ? "registry (NOT IN ORGANIZATION)" : (a.source ?? "registry");
  return [
    ...columns.slice(0, 4),
    { header: "ou", value: (a) => a.ou ?? "" },
    ...columns.slice(4),
    { header: "source", value: source },
  ];
}

/** By OU, then environment, then name: how people read an organization. */
const byOu = (a: Account, b: Account) =>
  (a.ou ?? "").localeCompare(b.ou ?? "") ||
  a.environment.localeCompare(b.environment) ||
  a.name.localeCompare(b.name);

/** `Workloads/Prod 75 · Security 15 · …`: how many accounts share each value, in sorted order. */
function countsBy(accounts: Account[], key: (a: Account) => string): string {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
  return [...counts].map(([value, n]) => `${value} ${n}`).join(" · ");
}

function ageOf(info: DirectoryInfo, now = Date.now()): number | undefined {
  return info.discovered_at === undefined
    ? undefined
    : Math.max(0, Math.round((now - info.discovered_at) / 1000));
}

function summary(info: DirectoryInfo, count: number): string {
  const age = ageOf(info) ?? 0;
  const when =
    age < 90 ? `${age} s` : age < 5400 ? `${Math.round(age / 60)} min` : `${Math.round(age / 3600)} h`;
  const how = info.from_cache
    ? `from the cache (${info.cache}), discovered ${when} ago`
    : `discovered now (${info.calls} API calls)`;
  const stale = info.stale ? `; DISCOVERY FAILED, cache expired: ${info.stale}` : "";
  return `${count} accounts: registry ⊕ AWS Organizations, ${how}${stale}`;
}

export default defineCommand({
  meta: {
    name: "accounts",
    description: "List the accounts (registry ⊕ Organizations); --check obtains credentials for each",
  },
  args: {
    ...commonArgs,
    output: { type: "string", description: "table|json|yaml", valueHint: "format" },
    check: {
      type: "boolean",
      description: "Obtain credentials for every account and report status and latency",
    },
    refresh: { type: "boolean", description: "Discover the organization anew instead of using the cache" },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["table", "json", "yaml"], "table");
    const ctx = await createCliContext(args);
    if (args.check) {
      const { runAccountsCheck } = await import("./accounts-check.ts");
      process.exitCode = await runAccountsCheck(ctx, format, args.refresh === true);
      return;
    }
    if (!ctx.config.settings.organizations.enabled) {
      await ctx.close();
      const accounts = ctx.config.accounts;
      if (format === "json") print(renderJson({ accounts }));
      else if (format === "yaml") print(renderYaml({ accounts }));
      else if (accounts.length === 0)
        print("No accounts in the registry (see config/accounts.example.yaml).");
      else print(renderTable(accounts, columns, { width: terminalWidth() }));
      return;
    }
    const { withRuntime } = await import("../runtime.ts");
    const { accounts, info } = await withRuntime(
      ctx,
      async (runtime) => ({
        accounts: [...runtime.directory.accounts()].sort(byOu),
        info: runtime.directory.info(),
      }),
      { refreshAccounts: args.refresh === true },
    );
    const doc = { accounts, directory: { ...info, cache_age_seconds: ageOf(info) } };
    if (format === "json") print(renderJson(doc));
    else if (format === "yaml") print(renderYaml(doc));
    else {
      print(summary(info, accounts.length));
      print(`by OU: ${countsBy(accounts, (a) => a.ou || "(root)")}`);
      print(
        `by environment: ${countsBy(
          [...accounts].sort((a, b) => a.environment.localeCompare(b.environment)),
          (a) => a.environment,
        )}`,
      );
      print(renderTable(accounts, discoveredColumns(info), { width: terminalWidth() }));
    }
  },
});
