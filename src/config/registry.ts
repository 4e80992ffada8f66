import { ALL_REGIONS } from "./regions.ts";
import type { Account } from "./types.ts";
import { registry as validateRegistry } from "./validators.generated.ts";
import {
  formatPath,
  parseYamlSource,
  type SourceProblem,
  sourceTextAt,
  validateAgainst,
  type YamlSource,
} from "./yaml-source.ts";

/**
 * Parses an account registry (YAML, or the seed's JSON shape; `ACCOUNT_REGISTRY` uses the same
 * shape). Unquoted account ids keep the digits as written; anything else that is not 12 digits is
 * rejected with a hint to quote it.
 */
export function parseRegistry(
  text: string,
  file: string,
): { accounts: Account[]; problems: SourceProblem[] } {
  const source = parseYamlSource(text, file);
  if (source.problems.length > 0) return { accounts: [], problems: source.problems };
  const value = normalizeIds(source);
  const problems = validateAgainst(validateRegistry, value, source);
  // Duplicates are reported alongside schema problems, so one run lists every mistake.
  const accounts = entries(value).map(toAccount);
  problems.push(...checkUnique(accounts, source));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return problems.length > 0 ? { accounts: [], problems } : { accounts, problems };
}

/** Account entries that are objects; anything else is already a schema problem. */
function entries(value: unknown): Array<Record<string, unknown>> {
  const list = (value as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) return [];
  return list.map((item) => (item && typeof item === "object" && !Array.isArray(item) ? item : {}));
}

function normalizeIds(source: YamlSource): unknown {
  const value = source.value as { accounts?: unknown } | null;
  if (!value || typeof value !== "object" || !Array.isArray(value.accounts)) return value;
  value.accounts.forEach((account: unknown, index: number) => {
    if (!account || typeof account !== "object") return;
    const record = account as Record<string, unknown>;
    if (typeof record.id !== "number") return;
    const written = sourceTextAt(source, ["accounts", index, "id"]);
    record.id = written && /^[0-9]{12}$/.test(written) ? written : `!unquoted:${written ?? record.id}`;
  });
  return value;
}

function toAccount(raw: Record<string, unknown>): Account {
  const id = raw.id === undefined ? "" : String(raw.id);
  return {
    id,
    name: typeof raw.name === "string" ? raw.name : id,
    environment: typeof raw.environment === "string" ? raw.environment : "unknown",
    role: raw.role === "central" ? "central" : "workload",
    role_name: raw.role_name as string | undefined,
    regions: regionsOf(raw.regions),
    external_id: raw.external_id as string | undefined,
    aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === "string") : [],
  };
}

/** `regions: all` → `["all"]`; names in canonical (lower-case) form (the schema checked them). */
function regionsOf(raw: unknown): string[] {
  if (typeof raw === "string") return [ALL_REGIONS];
  if (!Array.isArray(raw)) return [];
  return [
    ...new Set(raw.filter((r): r is string => typeof r === "string").map((r) => r.trim().toLowerCase())),
  ];
}

function checkUnique(accounts: Account[], source: YamlSource): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  accounts.forEach((account, index) => {
    const add = (field: string, message: string) => {
      const path = ["accounts", index, field];
      problems.push({ file: source.file, ...source.locate(path), path: formatPath(path), message });
    };
    if (!account.id) return;
    const firstId = ids.get(account.id);
    if (firstId !== undefined) add("id", `duplicate account id ${account.id} (also accounts[${firstId}])`);
    else ids.set(account.id, index);
    for (const label of [account.name, ...account.aliases]) {
      const key = label.toLowerCase();
      const first = names.get(key);
      if (first !== undefined && first !== index) {
        add("name", `duplicate account name or alias "${label}" (also accounts[${first}])`);
      } else names.set(key, index);
    }
  });
  return problems;
}
