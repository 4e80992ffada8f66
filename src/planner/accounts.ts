import { ALL_REGIONS, knownRegions } from "../config/regions.ts";
import type { Account } from "../config/types.ts";
import type { Reading } from "./reading.ts";

/** Words that are also account names or aliases: an account only as "<word> account" or after in/from/for. */
const COMMON_WORDS = new Set(["data", "ops", "shared", "management", "central", "sandbox"]);
/** Region-shaped words whose first part is a known region prefix; the executor validates the name (did you mean). */
const PREFIXES = [...new Set(knownRegions().map((r) => r.split("-")[0]!))].join("|");
const REGION = new RegExp(`(?<![\\w-])(?:${PREFIXES})(?:-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}(?![\\w-])`, "gi");
/** "in all regions", "every region": each account's enabled regions (`regions: all`). */
const ALL_REGIONS_WORDS =
  /\b(?:in |across |from |over )?(?:all|every|each)(?: (?:of )?(?:the|my|our))?(?: enabled| available)? regions\b|\bevery region\b|\ball enabled regions\b/gi;
const ALL =
  /\b(?:in |for |from |on |across )?(?:all|every|each|across)(?: (?:of )?(?:the|my|our))? (?:aws )?accounts?\b|\b(?:the |my |our |whole |entire )*organi[sz]ation\b|\beverywhere\b/i;
const EXCLUDED_BEFORE =
  /\b(?:not in|not from|outside(?: of)?|except(?: for| in)?|excluding|other than|besides|apart from|but not) (?:(?:those|the ones|ones|the|anything|everything) )?(?:(?:in|from|of) )?(?:the )?(?:[\w-]+(?:,| and| or) (?:the )?)*$/i;
const ENV = /\benv(?:ironment)?[:=]([\w-]+)/gi;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Region names in the question (read); `all` for "all regions"; empty: each account's configured regions. */
export function readRegions(reading: Reading): string[] {
  const named = [...new Set(reading.take(REGION).map((m) => m[0].toLowerCase()))];
  if (named.length > 0) return named;
  return reading.take(ALL_REGIONS_WORDS).length > 0 ? [ALL_REGIONS] : [];
}

/**
 * Accounts named in the question, as `--accounts` selectors: names, ids, aliases, environments,
 * `env:x`; "all accounts" / "organization" → all; "except staging" / "not in prod" → every workload
 * account but those (as names); none named → all (the executor's workload accounts).
 */
export function readAccounts(reading: Reading, accounts: Account[]): { selectors: string[]; named: boolean } {
  const all = reading.take(ALL).length > 0;
  const envs = reading.take(ENV).map((m) => `env:${m[1]!.toLowerCase()}`);
  const included: Account[] = [];
  const excluded: Account[] = [];
  for (const account of accounts) {
    const tokens = [account.name, account.id, account.environment, ...account.aliases];
    for (const token of tokens) {
      // An environment word means every account of it (`env:x`), not the first account that has it.
      const environment = token === account.environment && token !== account.name;
      const env = environment ? accounts.filter((a) => a.environment === token) : [account];
      for (const m of reading.take(mention(token))) {
        const before = reading.text.slice(0, m.index + (m[0].length - m[0].trimStart().length));
        if (EXCLUDED_BEFORE.test(before)) excluded.push(...env);
        else if (environment) envs.push(`env:${token.toLowerCase()}`);
        else included.push(account);
        const negation = EXCLUDED_BEFORE.exec(before);
        if (negation) reading.mark([{ start: negation.index, end: negation.index + negation[0].length }]);
      }
    }
  }
  if (excluded.length > 0) {
    const base = included.length > 0 ? included : accounts.filter((a) => a.role === "workload");
    const names = [...new Set(base.filter((a) => !excluded.includes(a)).map((a) => a.name))];
    return { selectors: names.length > 0 ? names : ["none"], named: true };
  }
  const selectors = [...new Set([...envs, ...included.map((a) => a.name)])];
  if (selectors.length > 0) return { selectors, named: true };
  return { selectors: ["all"], named: all };
}

function mention(token: string): RegExp {
  const t = escapeRe(token.toLowerCase());
  const suffix = "(?: (?:aws )?(?:accounts?|env(?:ironment)?s?))?";
  if (!COMMON_WORDS.has(token.toLowerCase()))
    return new RegExp(`(?<![\\w:=.-])${t}(?![\\w=-])${suffix}`, "gi");
  return new RegExp(
    `\\b${t} (?:aws )?(?:accounts?|env(?:ironment)?)\\b|(?<=\\b(?:in|from|for|on|and|or|except|excluding|than|outside|,) (?:the )?)${t}\\b(?! (?:lake|base|center|centre))${suffix}`,
    "gi",
  );
}
