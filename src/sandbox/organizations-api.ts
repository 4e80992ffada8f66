import type { GeneratedAccount, GeneratedOrg } from "./generate/org.ts";

/**
 * The Organizations read operations that discovery uses (`src/org/discover.ts`), answered from the
 * generated organization with Organizations' shapes, paging (at most 20 per page; a list of accounts
 * answers one empty page that still carries a NextToken, as Organizations may) and errors.
 */
export class OrgApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Input = Record<string, unknown>;
type Handler = (input: Input) => Record<string, unknown>;

const MAX_PAGE = 20;
const SCP = [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }];

interface Token {
  op: string;
  key: string;
  at: number;
  empty: boolean;
}

function readToken(input: Input, op: string, key: string): Token | undefined {
  if (input.NextToken === undefined) return undefined;
  try {
    const token = JSON.parse(Buffer.from(String(input.NextToken), "base64url").toString()) as Token;
    if (token.op === op && token.key === key && Number.isInteger(token.at) && token.at >= 0) return token;
  } catch {}
  throw new OrgApiError("InvalidInputException", "The provided NextToken is not valid.");
}

const writeToken = (token: Token) => Buffer.from(JSON.stringify(token)).toString("base64url");

function page<T>(op: string, key: string, field: string, items: T[], input: Input, emptyPage = false) {
  const size = input.MaxResults === undefined ? MAX_PAGE : Number(input.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new OrgApiError("InvalidInputException", `MaxResults must be between 1 and ${MAX_PAGE}.`);
  }
  const token = readToken(input, op, key);
  const at = token?.at ?? 0;
  // After the first page, once: no items but a NextToken (callers must keep paging).
  if (emptyPage && at > 0 && !token?.empty) {
    return { [field]: [], NextToken: writeToken({ op, key, at, empty: true }) };
  }
  const end = at + size;
  const next =
    end < items.length ? writeToken({ op, key, at: end, empty: token?.empty ?? false }) : undefined;
  return { [field]: items.slice(at, end), ...(next ? { NextToken: next } : {}) };
}

export function createOrganizationsApi(org: GeneratedOrg): Record<string, Handler> {
  const mgmt = org.managementAccountId;
  const arn = (kind: string, id: string) => `arn:aws:organizations::${mgmt}:${kind}/${org.id}/${id}`;
  const management = org.accounts.find((a) => a.account.id === mgmt);
  const accountShape = (a: GeneratedAccount) => ({
    Id: a.account.id,
    Arn: arn("account", a.account.id),
    Email: a.email,
    Name: a.displayName,
    Status: a.state,
    State: a.state,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: a.joined,
  });
  const accounts = org.accounts.map(accountShape);
  const parentOf = new Map(org.accounts.map((a) => [a.account.id, a.parentId]));
  const tagsOf = new Map(org.accounts.map((a) => [a.account.id, a.tags]));
  const isParent = (id: string) => id === org.rootId || org.ous.some((o) => o.id === id);
  const parent = (input: Input) => {
    const id = String(input.ParentId ?? "");
    if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(id)) {
      throw new OrgApiError(
        "InvalidInputException",
        "You provided a value that does not match the required pattern.",
      );
    }
    if (!isParent(id)) {
      throw new OrgApiError(
        "ParentNotFoundException",
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    return id;
  };

  return {
    DescribeOrganization: () => ({
      Organization: {
        Id: org.id,
        Arn: `arn:aws:organizations::${mgmt}:organization/${org.id}`,
        FeatureSet: "ALL",
        MasterAccountArn: arn("account", mgmt),
        MasterAccountId: mgmt,
        MasterAccountEmail: management?.email,
        AvailablePolicyTypes: SCP,
      },
    }),
    ListAccounts: (input) => page("ListAccounts", "", "Accounts", accounts, input, true),
    ListRoots: (input) =>
      page(
        "ListRoots",
        "",
        "Roots",
        [{ Id: org.rootId, Arn: arn("root", org.rootId), Name: "Root", PolicyTypes: SCP }],
        input,
      ),
    ListOrganizationalUnitsForParent(input) {
      const id = parent(input);
      const children = org.ous
        .filter((o) => o.parentId === id)
        .map((o) => ({ Id: o.id, Arn: arn("ou", o.id), Name: o.name }));
      return page("ListOrganizationalUnitsForParent", id, "OrganizationalUnits", children, input);
    },
    ListAccountsForParent(input) {
      const id = parent(input);
      const members = accounts.filter((a) => parentOf.get(a.Id) === id);
      return page("ListAccountsForParent", id, "Accounts", members, input, true);
    },
    ListTagsForResource(input) {
      const id = String(input.ResourceId ?? "");
      const tags = tagsOf.get(id) ?? (isParent(id) ? {} : undefined);
      if (!tags)
        throw new OrgApiError(
          "TargetNotFoundException",
          "We can't find a target with the TargetId that you specified.",
        );
      const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      return page("ListTagsForResource", id, "Tags", list, { NextToken: input.NextToken });
    },
  };
}
