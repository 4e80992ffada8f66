import type { Account } from "../../config/types.ts";
import { DEFAULT_ON } from "../services/account.ts";
import { createDraw, type Draw, isoDaysAgo } from "./random.ts";

/**
 * A large simulated organization (`--sandbox-accounts N`): the management account under the root
 * and N-1 members spread over Workloads/{Prod,Staging,Dev}, Security, Infrastructure and Sandbox,
 * named in Organizations as people name them (`Payments Prod`) and tagged with a short name
 * (`payments-prod`), environment, team, alias and cost center; a few closed accounts wait in Suspended.
 * Every account enables the 17 regions that need no opt-in; a few opted into one more. Deterministic:
 * account k is the same in every run and every organization size.
 */
export interface GeneratedOu {
  id: string;
  name: string;
  parentId: string;
  /** `Workloads/Prod`. */
  path: string;
}

export interface GeneratedAccount {
  /** The account as the sandbox's STS and data see it (name = its `name` tag). */
  account: Account;
  /** Its name in Organizations, as people type them (`Payments Prod 2`); the `name` tag has the short one. */
  displayName: string;
  email: string;
  /** The root or OU the account sits in. */
  parentId: string;
  tags: Record<string, string>;
  state: "ACTIVE" | "SUSPENDED";
  /** Epoch seconds. */
  joined: number;
  joinedMethod: "CREATED" | "INVITED";
  /** The regions the account has enabled. */
  regions: string[];
}

export interface GeneratedOrg {
  id: string;
  rootId: string;
  managementAccountId: string;
  ous: GeneratedOu[];
  accounts: GeneratedAccount[];
}

interface Kind {
  ou: string;
  environment: string;
  short: string;
  names: readonly string[];
}

// biome-ignore format: a list reads better on one line
const TEAMS = ["payments", "checkout", "catalog", "search", "orders", "billing", "inventory", "shipping", "notifications", "analytics", "ml-platform", "recommendations", "reviews", "pricing", "loyalty", "fraud", "support", "media", "mobile-api", "identity"] as const;
// biome-ignore format: one kind per line reads as a table
const KINDS: Record<string, Kind> = {
  prod: { ou: "Workloads/Prod", environment: "production", short: "prd", names: TEAMS.map((t) => `${t}-prod`) },
  staging: { ou: "Workloads/Staging", environment: "staging", short: "stg", names: TEAMS.map((t) => `${t}-staging`) },
  dev: { ou: "Workloads/Dev", environment: "development", short: "dev", names: TEAMS.map((t) => `${t}-dev`) },
  security: { ou: "Security", environment: "security", short: "sec", names: ["audit", "log-archive", "security-tooling", "incident-response", "guardduty-admin"] },
  infra: { ou: "Infrastructure", environment: "shared", short: "inf", names: ["network-hub", "shared-services", "dns", "ci-cd", "backup-vault", "observability", "identity-center", "artifact-registry"] },
  sandbox: { ou: "Sandbox", environment: "sandbox", short: "sbx", names: ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yves"].map((p) => `sandbox-${p}`) },
};
/** Twenty slots per cycle: 5 Prod, 5 Dev, 4 Staging, 3 Sandbox, 2 Infrastructure, 1 Security. */
// biome-ignore format: the cycle reads better on one line
const CYCLE = ["prod", "dev", "staging", "prod", "sandbox", "dev", "infra", "prod", "staging", "dev", "security", "prod", "sandbox", "staging", "dev", "infra", "prod", "staging", "dev", "sandbox"] as const;
// biome-ignore format: one line
const OU_PATHS = ["Workloads", "Workloads/Prod", "Workloads/Staging", "Workloads/Dev", "Security", "Infrastructure", "Sandbox", "Suspended"];
const OPT_IN = ["ap-east-1", "me-central-1", "af-south-1"] as const;

/** Account k's id: 12 digits starting 31 (the small sandbox's start 40–84), a bijection on k. */
const accountId = (k: number) =>
  `31${String((k * 3_141_592_653 + 2_718_281_829) % 10_000_000_000).padStart(10, "0")}`;

export function generateOrganization(count: number): GeneratedOrg {
  const org = createDraw("organization");
  const rootId = `r-${org.hex(4)}`;
  const ous = OU_PATHS.map((path): GeneratedOu => {
    const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    return {
      id: `ou-${rootId.slice(2)}-${createDraw(`ou:${path}`).hex(8)}`,
      name: path.split("/").pop() ?? path,
      parentId: parent,
      path,
    };
  });
  const ouId = (path: string) => ous.find((o) => o.path === path)?.id ?? rootId;
  for (const ou of ous) ou.parentId = ou.parentId ? ouId(ou.parentId) : rootId;

  const taken = new Map<string, number>();
  const unique = (base: string) => {
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
  const accounts: GeneratedAccount[] = [];
  const management = createDraw("account:0");
  accounts.push(member(0, management, "management", "management", "mgmt", rootId, "platform"));
  for (let k = 1; k < count; k++) {
    const kind = KINDS[CYCLE[(k - 1) % CYCLE.length] as string] as Kind;
    const draw = createDraw(`account:${k}`);
    const base = draw.pick(kind.names);
    const name = unique(base);
    const team = base.replace(/-(prod|staging|dev)$/, "").replace(/^sandbox-/, "");
    const alias = `${team.replace(/-/g, "").slice(0, 3)}-${kind.short}${name.slice(base.length)}`;
    accounts.push(member(k, draw, name, kind.environment, unique(alias), ouId(kind.ou), team));
  }
  for (let j = 0; j < Math.floor(count / 100); j++) {
    const draw = createDraw(`suspended:${j}`);
    const closed = member(
      90_000 + j,
      draw,
      `closed-${j + 1}`,
      "retired",
      `closed${j + 1}`,
      ouId("Suspended"),
      "none",
    );
    accounts.push({ ...closed, state: "SUSPENDED" });
  }
  return { id: `o-${org.hex(10)}`, rootId, managementAccountId: accountId(0), ous, accounts };
}

function member(
  k: number,
  draw: Draw,
  name: string,
  environment: string,
  alias: string,
  parentId: string,
  team: string,
): GeneratedAccount {
  const regions = [...DEFAULT_ON];
  for (const optIn of OPT_IN) if (k > 0 && draw.chance(0.015)) regions.push(optIn);
  regions.sort();
  const id = accountId(k);
  return {
    account: { id, name, environment, role: k === 0 ? "central" : "workload", regions, aliases: [alias] },
    displayName: name.replace(
      /(^|-)([a-z0-9])/g,
      (_, dash: string, c: string) => `${dash ? " " : ""}${c.toUpperCase()}`,
    ),
    email: `aws+${name}@example.com`,
    parentId,
    tags: { name, environment, team, alias, "cost-center": `cc-${draw.int(1000, 9999)}` },
    state: "ACTIVE",
    joined: Math.floor(Date.parse(isoDaysAgo(draw, 30, 2500)) / 1000),
    joinedMethod: k === 0 || draw.chance(0.8) ? "CREATED" : "INVITED",
    regions,
  };
}
