import type { Account } from "../config/types.ts";
import template from "./system-prompt.md" with { type: "text" };

/** One line per account: what the model needs to turn "production" or an alias into ids without a tool call. */
export function renderAccountDirectory(accounts: Account[]): string {
  if (accounts.length === 0) return "(no accounts registered: call list_accounts)";
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
