import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type Account as OrgAccount,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { createTokenBucket } from "../mcp/token-bucket.ts";
import { runBounded } from "../tools/bounded.ts";

/**
 * Reads the organization: every ACTIVE account (`ListAccounts`, every page — Organizations may answer
 * an empty page that still carries a NextToken), its tags (`ListTagsForResource`) and its OU path.
 * OU paths are read top-down (`ListRoots` → `ListOrganizationalUnitsForParent` →
 * `ListAccountsForParent`): one call per OU instead of `ListParents` per account plus
 * `DescribeOrganizationalUnit` per OU, which matters where these APIs throttle. Every call is paced
 * (token bucket) and bounded in concurrency; the SDK's standard retry backs off on
 * TooManyRequestsException.
 */
export interface OrgMember {
  id: string;
  name: string;
  email?: string;
  /** OU path from the root, `Workloads/Prod`; "" for accounts directly under the root. */
  ou: string;
  /** OU ids from the root down, for `include_ous` given as ids. */
  ou_ids: string[];
  tags: Record<string, string>;
}

export interface OrgSnapshot {
  management_account_id?: string;
  accounts: OrgMember[];
  /** API calls made (pages included), for `accounts` and benchmarks. */
  calls: number;
}

export interface DiscoverOptions {
  client: OrganizationsClient;
  logger: Logger;
  /** Requests per second over all Organizations calls (default 8). */
  ratePerSecond?: number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

interface Ou {
  id: string;
  path: string;
  ids: string[];
}

export async function discoverOrganization(options: DiscoverOptions): Promise<OrgSnapshot> {
  const { client, signal } = options;
  const bucket = createTokenBucket({ ratePerSecond: options.ratePerSecond ?? 8, burst: 4 });
  const concurrency = options.concurrency ?? 4;
  let calls = 0;
  // biome-ignore lint/suspicious/noExplicitAny: each Organizations command has its own output type
  const send = async <T>(command: any): Promise<T> => {
    await bucket.take(signal);
    calls++;
    try {
      return (await client.send(command, { abortSignal: signal })) as T;
    } catch (error) {
      throw orgError(error, command.constructor.name.replace(/Command$/, ""));
    }
  };
  const pages = async <T>(make: (token?: string) => unknown, key: string): Promise<T[]> => {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await send<Record<string, unknown>>(make(token));
      out.push(...((page[key] as T[] | undefined) ?? []));
      token = page.NextToken as string | undefined;
    } while (token);
    return out;
  };

  const organization = await send<{ Organization?: { MasterAccountId?: string } }>(
    new DescribeOrganizationCommand({}),
  );
  const listed = await pages<OrgAccount>((NextToken) => new ListAccountsCommand({ NextToken }), "Accounts");
  const active = listed.filter((a) => a.Id && (a.State ?? a.Status) === "ACTIVE");

  // The OU tree, breadth first; every OU's direct accounts give the account's path.
  const roots = await pages<{ Id?: string }>((NextToken) => new ListRootsCommand({ NextToken }), "Roots");
  const where = new Map<string, Ou>();
  let level: Ou[] = roots.filter((r) => r.Id).map((r) => ({ id: r.Id as string, path: "", ids: [] }));
  while (level.length > 0) {
    const next = await runBounded(level, concurrency, async (parent) => {
      const [children, members] = await Promise.all([
        pages<{ Id?: string; Name?: string }>(
          (NextToken) => new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, NextToken }),
          "OrganizationalUnits",
        ),
        pages<OrgAccount>(
          (NextToken) => new ListAccountsForParentCommand({ ParentId: parent.id, NextToken }),
          "Accounts",
        ),
      ]);
      for (const member of members) if (member.Id) where.set(member.Id, parent);
      return children
        .filter((c) => c.Id)
        .map((c) => ({
          id: c.Id as string,
          path: parent.path ? `${parent.path}/${c.Name ?? c.Id}` : (c.Name ?? (c.Id as string)),
          ids: [...parent.ids, c.Id as string],
        }));
    });
    level = next.flat();
  }

  const accounts = await runBounded(active, concurrency, async (a): Promise<OrgMember> => {
    const tags = await pages<{ Key?: string; Value?: string }>(
      (NextToken) => new ListTagsForResourceCommand({ ResourceId: a.Id, NextToken }),
      "Tags",
    );
    const ou = where.get(a.Id as string);
    return {
      id: a.Id as string,
      name: a.Name ?? (a.Id as string),
      email: a.Email,
      ou: ou?.path ?? "",
      ou_ids: ou?.ids ?? [],
      tags: Object.fromEntries(tags.filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ""])),
    };
  });
  options.logger.info("organization discovered", { accounts: accounts.length, calls });
  return { management_account_id: organization.Organization?.MasterAccountId, accounts, calls };
}

function orgError(error: unknown, operation: string): OpsError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === "AbortError") return new OpsError("E_CANCELLED", "Organizations discovery was cancelled");
  const name = e.name ?? "Error";
  // By the error's code (its name), never the message's words.
  const denied = /^(AccessDenied|AWSOrganizationsNotInUse)(Exception)?$/.test(name);
  return new OpsError(
    denied ? "E_AWS_ACCESS_DENIED" : "E_AWS_API",
    `organizations:${operation}: ${name}: ${e.message}`,
    {
      cause: error,
      hint: denied
        ? "discovery needs the central account's base credentials in the management account or a delegated administrator, with organizations:List*/Describe* (infrastructure/central-account.yaml)"
        : undefined,
      retryable: /Throttl|TooManyRequests/i.test(name),
    },
  );
}
