import type { Account } from "../config/types.ts";
import template from "./system-prompt.md" with { type: "text" };

/** Accounts listed one per line in the prompt; a larger organization is summarized (list_accounts has them all). */
export const PROMPT_ACCOUNTS_LIMIT = 100;

const countsBy = (accounts: Account[], key: (a: Account) => string) => {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
  return [...counts].sort(([x], [y]) => x.localeCompare(y));
};

/** Hundreds of accounts: counts per environment (with their selectors) and OU, and the central accounts. */
function summarizeDirectory(accounts: Account[]): string {
  const envs = countsBy(accounts, (a) => a.environment).map(([env, n]) => `${env} ${n} (env:${env})`);
  const ous = countsBy(accounts, (a) => a.ou || "(root)").map(([ou, n]) => `${ou} ${n}`);
  const central = accounts.filter((a) => a.role === "central");
  return [
    `(${accounts.length} accounts: too many to list here. Select them with env:<environment>, names or aliases; call list_accounts, then query_results, for names, ids, aliases and OUs.)`,
    `- environments: ${envs.join(", ")}`,
    ...(accounts.some((a) => a.ou !== undefined) ? [`- OUs: ${ous.join(", ")}`] : []),
    ...central.map(
      (a) => `- ${a.id} ${a.name} environment=${a.environment} CENTRAL (not queried unless named)`,
    ),
  ].join("\n");
}

/** One line per account: what the model needs to turn "production" or an alias into ids without a tool call. */
export function renderAccountDirectory(accounts: Account[]): string {
  if (accounts.length === 0) return "(no accounts registered: call list_accounts)";
  if (accounts.length > PROMPT_ACCOUNTS_LIMIT) return summarizeDirectory(accounts);
  return accounts
    .map((a) => {
      const parts = [`- ${a.id} ${a.name}`, `environment=${a.environment}`];
      if (a.aliases.length > 0) parts.push(`aliases=${a.aliases.join(",")}`);
      parts.push(`regions=${a.regions.length > 0 ? a.regions.join(",") : "(default)"}`);
      if (a.role === "central") parts.push("CENTRAL (not queried unless named)");
      return parts.join(" ");
    })
    .join("\n");
}

/** The system prompt with its placeholders filled; `today` is an ISO date (YYYY-MM-DD). */
export function renderSystemPrompt(input: { accounts: Account[]; today: string }): string {
  const values: Record<string, string> = {
    today: input.today,
    accounts: renderAccountDirectory(input.accounts),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole).trim();
}
