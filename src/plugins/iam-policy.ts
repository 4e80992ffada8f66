import type { Catalogue } from "../catalogue/catalogue.ts";
import { deniedIamActions, isReadVerb, READ_VERBS } from "../catalogue/guard-rules.ts";
import { actionName } from "../catalogue/iam-actions.ts";
import { checkOperation } from "./guard.ts";

/** IAM's limit for one managed policy, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  NotAction?: string[];
  Resource: "*";
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface ManagedPolicy {
  /** Name of the managed policy (`OpsAgentReadOnly1`…, `OpsAgentDeny`). */
  name: string;
  document: PolicyDocument;
}

export interface PolicyInput {
  catalogue: Catalogue;
  /** Services whose allowed reads `aws_read` may call. */
  services: readonly string[];
  /** IAM actions of the plugin tools (already guarded). */
  toolActions: readonly string[];
  allowOperations: readonly string[];
}

/** Every IAM action of one prefix in the catalogue (all services signing with it), with whether it is allowed. */
function universe(catalogue: Catalogue, prefix: string, allowed: ReadonlySet<string>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const name of catalogue.services()) {
    const service = catalogue.service(name)!;
    if (service.iam !== prefix) continue;
    for (const op of Object.keys(service.ops)) {
      const action = actionName(name, op, prefix);
      out.set(action, allowed.has(action));
    }
  }
  return out;
}

/**
 * `prefix:Verb*` where every catalogue action it matches (in any service signing with that prefix) is
 * allowed; the other actions stay listed one by one. Never `ec2:Get*` (it matches `GetPasswordData`).
 */
function compress(catalogue: Catalogue, actions: ReadonlySet<string>): string[] {
  const byPrefix = new Map<string, string[]>();
  for (const a of actions) {
    const prefix = a.slice(0, a.indexOf(":"));
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), a]);
  }
  const out: string[] = [];
  for (const [prefix, list] of byPrefix) {
    const all = universe(catalogue, prefix, actions);
    let rest = list;
    for (const verb of READ_VERBS) {
      const pattern = `${prefix}:${verb}`;
      const matched = [...all.keys()].filter((a) => a.startsWith(pattern));
      const covered = rest.filter((a) => a.startsWith(pattern));
      if (covered.length >= 2 && matched.every((a) => all.get(a))) {
        out.push(`${pattern}*`);
        rest = rest.filter((a) => !a.startsWith(pattern));
      }
    }
    out.push(...rest);
  }
  return [...new Set(out)].sort();
}

/**
 * The member-account role's policies: Allow the plugin tools' actions and every allowed read of the
 * enabled services (wildcards only where safe), explicitly Deny the denylist's reads of those services,
 * and through the AWS MCP Server Deny everything that is not a read verb. Split so that each managed
 * policy stays within 6,144 characters.
 */
export function buildPolicies(input: PolicyInput): ManagedPolicy[] {
  const allowed = new Set(input.toolActions);
  const denied = new Set<string>();
  for (const name of input.services) {
    const service = input.catalogue.service(name);
    if (!service) continue;
    for (const op of Object.keys(service.ops)) {
      if (!isReadVerb(op)) continue;
      const action = actionName(name, op, service.iam);
      if (checkOperation(name, op, input.allowOperations, input.catalogue).ok) allowed.add(action);
      else denied.add(action);
    }
  }
  const prefixes = new Set([...allowed].map((a) => a.slice(0, a.indexOf(":"))));
  for (const entry of deniedIamActions()) {
    const [name, op] = entry.split(":") as [string, string];
    const action = actionName(name, op, input.catalogue.service(name)?.iam ?? name);
    if (prefixes.has(action.slice(0, action.indexOf(":")))) denied.add(action);
  }
  for (const a of allowed) denied.delete(a);
  const allow = chunk(compress(input.catalogue, allowed), (actions, i) => ({
    Sid: `ReadOnly${i + 1}`,
    Effect: "Allow",
    Action: actions,
    Resource: "*",
  }));
  // Read-verb wildcards of the prefixes in use, only those that match an action of the policy.
  const reads = [...prefixes]
    .sort()
    .flatMap((p) => READ_VERBS.map((v) => `${p}:${v}`))
    .filter((pattern) => [...allowed].some((a) => a.startsWith(pattern)))
    .map((pattern) => `${pattern}*`);
  const deny: PolicyStatement[] = [
    ...chunk([...denied].sort(), (actions, i) => ({
      Sid: `DenySecretsAndData${i + 1}`,
      Effect: "Deny" as const,
      Action: actions,
      Resource: "*" as const,
    })),
    {
      // Defence in depth: a request made through the AWS MCP Server (aws:ViaAWSMCPService) may only
      // be a read; Bool, not BoolIfExists, so calls outside the MCP Server are not affected.
      Sid: "DenyNonReadOnlyViaAwsMcp",
      Effect: "Deny",
      NotAction: reads,
      Resource: "*",
      Condition: { Bool: { "aws:ViaAWSMCPService": "true" } },
    },
  ];
  return [
    ...allow.map((s, i) => ({ name: `OpsAgentReadOnly${i + 1}`, document: doc([s]) })),
    ...pack(deny).map((statements, i) => ({ name: `OpsAgentDeny${i + 1}`, document: doc(statements) })),
  ];
}

function doc(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Policy size as IAM counts it: the JSON without whitespace. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** Splits actions into statements, each alone in a policy within the limit. */
function chunk(
  actions: string[],
  make: (actions: string[], i: number) => PolicyStatement,
): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  let current: string[] = [];
  for (const a of actions) {
    if (current.length && policySize(doc([make([...current, a], out.length)])) > MANAGED_POLICY_MAX_CHARS) {
      out.push(make(current, out.length));
      current = [];
    }
    current.push(a);
  }
  if (current.length) out.push(make(current, out.length));
  return out;
}

/** Puts statements together into as few policies within the limit as their order allows. */
function pack(statements: PolicyStatement[]): PolicyStatement[][] {
  const out: PolicyStatement[][] = [];
  for (const s of statements) {
    const last = out[out.length - 1];
    if (last && policySize(doc([...last, s])) <= MANAGED_POLICY_MAX_CHARS) last.push(s);
    else out.push([s]);
  }
  return out;
}
