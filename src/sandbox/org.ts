import type { Account } from "../config/types.ts";

/**
 * The sandbox organization: one central (operations) account and four member accounts. Ids are
 * made up but shaped like real ones; the simulated data in `data/` is keyed by these account names.
 */
const ACCOUNTS: Account[] = [
  {
    id: "401234567890",
    name: "central",
    environment: "shared",
    role: "central",
    regions: ["us-east-1"],
    aliases: ["ops", "management"],
  },
  {
    id: "512345678901",
    name: "production",
    environment: "production",
    role: "workload",
    regions: ["us-east-1", "eu-west-1", "us-west-2"],
    aliases: ["prod", "prd"],
  },
  {
    id: "623456789012",
    name: "staging",
    environment: "staging",
    role: "workload",
    regions: ["us-east-1", "eu-west-1"],
    aliases: ["stage", "stg"],
  },
  {
    id: "734567890123",
    name: "development",
    environment: "development",
    role: "workload",
    regions: ["us-east-1", "us-west-2"],
    aliases: ["dev", "sandbox-dev"],
  },
  {
    id: "845678901234",
    name: "data",
    environment: "analytics",
    role: "workload",
    regions: ["us-east-1", "eu-west-1"],
    aliases: ["analytics", "datalake"],
  },
];

/** The sandbox accounts (fresh copies: callers may not change the built-in organization). */
export function sandboxAccounts(): Account[] {
  return ACCOUNTS.map((a) => ({ ...a, regions: [...a.regions], aliases: [...a.aliases] }));
}

/** Every region any sandbox account uses; `aws___list_regions` answers with these. */
export function sandboxRegions(): string[] {
  return [...new Set(ACCOUNTS.flatMap((a) => a.regions))].sort();
}
