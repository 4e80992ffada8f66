/**
 * Values written in the question (tags, ids, instance types, runtimes, engines, CIDRs, ports, resource
 * names), as data (rules in plan.ts). Each becomes the chosen tool's own argument when its input schema
 * has one (`args`, first present wins), else a client-side filter (`filter`, by tool); a value neither
 * can apply stays unread, and the planner declines.
 */
import { type PostFilter, STATE_RULES } from "./states.ts";
import { TOOL_NOUNS } from "./vocab.ts";
import { CATEGORIES, FILLER } from "./words.ts";

export interface Literal {
  id: string;
  /** Read on the question; the value comes from `value(match)` (undefined: not this literal after all). */
  pattern: RegExp;
  value: (m: RegExpExecArray) => string | number | undefined;
  args?: string[];
  filter?: Record<string, (values: Array<string | number>) => PostFilter>;
  /** After a negation ("not t3.micro"): the filter to negate, by tool, when `filter` has none. */
  negatable?: Record<string, (values: Array<string | number>) => PostFilter>;
}

const NAME = "([a-z0-9][\\w.-]*)";
const named = (nouns: string) =>
  new RegExp(`\\b(?:the )?(?:${nouns})\\s+(?:(?:named|called)\\s+)?${NAME}`, "gi");
/** A resource name: with a digit or hyphen, after "named", or any word that is not vocabulary. */
function nameOf(m: RegExpExecArray): string | undefined {
  const name = m[1]!;
  const explicit = /\b(?:named|called)\s+\S+$/i.test(m[0]);
  const vocabulary = [...STATE_RULES.map((r) => r.pattern), ...TOOL_NOUNS.map((n) => n.nouns)];
  const isVocabulary = (w: string) => vocabulary.some((p) => new RegExp(`^(?:${p.source})$`, "i").test(w));
  // "rds instances multi-az": a state, not an instance named multi-az.
  if (!explicit && isVocabulary(name)) return undefined;
  if (/[-\d]/.test(name) || explicit) return name;
  const word = name.toLowerCase();
  // A plain word names a resource only after a singular noun ("service checkout", not "services per").
  if (/s\s+\S+$/i.test(m[0]) || FILLER.has(word) || /^(?:account|region|per|named|called|env)$/.test(word))
    return undefined;
  if (CATEGORIES.some((c) => c.pattern.test(word))) return undefined;
  return name;
}
const is = (field: string) => (values: Array<string | number>) =>
  values.length === 1
    ? { label: `${field} = ${values[0]}`, field, op: "eq" as const, value: values[0] }
    : { label: `${field} in ${values.join(",")}`, field, op: "in" as const, value: values };
const has = (field: string) => (values: Array<string | number>) => ({
  label: `${field} contains ${values.join(",")}`,
  field,
  op: "contains" as const,
  value: values[0],
});
const prefix =
  (field: string, ending = "") =>
  (values: Array<string | number>) => ({
    label: `${field} starts with ${values[0]}${ending}`,
    field,
    op: "prefix" as const,
    value: `${values[0]}${ending}`,
  });
const idOf = (kind: string, nouns: string) =>
  new RegExp(`\\b(?:(?:the )?(?:${nouns}) )?(${kind}-[0-9a-f]{8,17})\\b`, "gi");
const RUNTIME_IDS: Record<string, (v: string) => string> = {
  python: (v) => `python${v}`,
  nodejs: (v) => `nodejs${v.replace(/\.x$/, "")}.x`,
  node: (v) => `nodejs${v.replace(/\.x$/, "")}.x`,
  java: (v) => `java${v}`,
  ruby: (v) => `ruby${v}`,
  dotnet: (v) => `dotnet${v}`,
};
const ENGINE_FIELD = { rds_describe_db_instances: is("engine"), rds_describe_db_clusters: is("engine") };
const USING = "(?:(?:on|using|uses?|with|running|written in|in)\\s+(?:the\\s+)?)?";

// biome-ignore format: one literal per line reads as a table
export const LITERALS: Literal[] = [
  { id: "tag", pattern: /\b(?:tag(?:ged|s)?\s+(?:with\s+|as\s+)?(?:the\s+)?(?:tag\s+)?)?([A-Za-z][\w.:/+-]*)\s*=\s*([\w.:/@+-]+)/gi,
    value: (m) => `${m[1]}=${m[2]}`, args: ["tags"] },
  // Before instance-id: "not attached to i-…" keeps the volumes attached elsewhere and the unattached ones.
  { id: "not-attached-to", pattern: /\b(?:not|never) attached to (?:the )?(?:(?:instance|server) )?(i-[0-9a-f]{8,17})\b/gi, value: (m) => m[1]?.toLowerCase(),
    filter: { ec2_describe_volumes: (v) => ({ label: `not (attached_to contains ${v[0]})`, field: "attached_to", op: "contains", value: v[0], negate: true }) } },
  { id: "instance-id", pattern: idOf("i", "instances?|servers?"), value: (m) => m[1]?.toLowerCase(), args: ["instance_ids"],
    filter: { ec2_describe_volumes: has("attached_to") } },
  { id: "volume-id", pattern: idOf("vol", "volumes?"), value: (m) => m[1]?.toLowerCase(), args: ["volume_ids"] },
  { id: "sg-id", pattern: idOf("sg", "security groups?|sgs?|groups?"), value: (m) => m[1]?.toLowerCase(), args: ["group_ids"] },
  { id: "vpc-id", pattern: idOf("vpc", "vpcs?"), value: (m) => m[1]?.toLowerCase(), args: ["vpc_ids", "vpc_id"],
    filter: { ec2_describe_instances: is("vpc_id") } },
  { id: "subnet-id", pattern: idOf("subnet", "subnets?"), value: (m) => m[1]?.toLowerCase(), args: ["subnet_ids"] },
  { id: "ami-id", pattern: idOf("ami", "amis?|images?"), value: (m) => m[1]?.toLowerCase(), args: ["image_ids"] },
  { id: "cidr", pattern: /\b(?:from |cidr )?((?!0\.0\.0\.0\/0)\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2})\b/g, value: (m) => m[1], args: ["inbound_cidr"] },
  { id: "port", pattern: /\b(?:on )?port\s+(\d{1,5})\b/gi, value: (m) => Number(m[1]), args: ["inbound_port"] },
  { id: "db-class", pattern: /\b(?:class )?(db\.[a-z]\d[a-z0-9-]*\.(?:micro|small|medium|large|\d*xlarge))\b/gi, value: (m) => m[1]?.toLowerCase(),
    filter: { rds_describe_db_instances: is("class") } },
  { id: "instance-type", pattern: /\b(?:(?:of )?type )?(?<!db\.)([a-z]\d[a-z0-9-]*\.(?:nano|micro|small|medium|large|\d*xlarge|metal))\b/gi, value: (m) => m[1]?.toLowerCase(),
    args: ["instance_types"], filter: { eks_describe_nodegroups: has("instance_types") }, negatable: { ec2_describe_instances: is("type") } },
  { id: "instance-family", pattern: /\b([a-z]\d[a-z]{0,3})(?= (?:family|instances?|types?|machines?|servers?|vms?)\b)(?: family)?/gi, value: (m) => m[1]?.toLowerCase(),
    filter: { ec2_describe_instances: prefix("type", ".") } },
  { id: "runtime", pattern: new RegExp(`\\b${USING}(python|nodejs|node|java|ruby|dotnet)\\s?(\\d+(?:\\.\\d+)?(?:\\.x)?)\\b`, "gi"),
    value: (m) => RUNTIME_IDS[m[1]!.toLowerCase()]?.(m[2]!), args: ["runtimes"], negatable: { lambda_list_functions: is("runtime") } },
  { id: "runtime-id", pattern: new RegExp(`\\b${USING}(go1\\.x|provided(?:\\.al2(?:023)?)?)\\b`, "gi"), value: (m) => m[1]?.toLowerCase(), args: ["runtimes"],
    negatable: { lambda_list_functions: is("runtime") } },
  { id: "language", pattern: new RegExp(`\\b${USING}(python|node(?:\\.?js)?|java|ruby|\\.net|dotnet)\\b(?!\\s?\\d)`, "gi"),
    value: (m) => ({ python: "python", java: "java", ruby: "ruby", ".net": "dotnet", dotnet: "dotnet" })[m[1]!.toLowerCase()] ?? "nodejs",
    filter: { lambda_list_functions: prefix("runtime") } },
  { id: "aurora-engine", pattern: /\baurora[- ](postgres(?:ql)?|mysql)\b/gi, value: (m) => `aurora-${m[1]!.toLowerCase().startsWith("p") ? "postgresql" : "mysql"}`,
    args: ["engines"], filter: { rds_describe_db_snapshots: is("engine") }, negatable: ENGINE_FIELD },
  { id: "engine", pattern: /\b(postgres(?:ql)?|mysql|mariadb)\b/gi, value: (m) => (m[1]!.toLowerCase().startsWith("p") ? "postgres" : m[1]!.toLowerCase()),
    args: ["engines"], filter: { rds_describe_db_snapshots: is("engine") }, negatable: ENGINE_FIELD },
  { id: "eks-version-below", pattern: /\b(?:(?:on |running |with )?(?:an? )?(?:kubernetes |k8s |eks )?versions? )?(?:older than|below|before|lower than|less than|earlier than|<)\s*(?:kubernetes |k8s |eks |version |v)?(1\.\d{1,2})\b/gi,
    value: (m) => m[1], filter: { eks_describe_clusters: (v) => ({ label: `version < ${v[0]}`, field: "version", op: "version-lt", value: v[0] }) } },
  { id: "cluster-name", pattern: named("clusters?"), value: nameOf, args: ["cluster", "cluster_name", "db_cluster_id", "cluster_ids"],
    filter: { eks_describe_clusters: is("name"), ecs_describe_clusters: is("name") } },
  { id: "cluster-name-before", pattern: /\b([a-z0-9]+-[\w-]+)\s+cluster\b/gi, value: (m) => m[1], args: ["cluster", "cluster_name", "db_cluster_id", "cluster_ids"],
    filter: { eks_describe_clusters: is("name"), ecs_describe_clusters: is("name") } },
  { id: "service-name", pattern: named("services?"), value: nameOf, args: ["service_name"], filter: { ecs_describe_services: is("name") } },
  { id: "function-name", pattern: named("functions?|lambdas?"), value: nameOf, args: ["function_name", "function_names"],
    filter: { lambda_list_functions: is("name") } },
  { id: "bucket-name", pattern: named("buckets?"), value: nameOf, args: ["buckets"] },
  { id: "db-name", pattern: named("db instances?|databases?|dbs?|rds instances?|instances?"), value: nameOf, args: ["db_instance_id"],
    filter: { ec2_describe_instances: is("name") } },
  { id: "family-name", pattern: named("task definitions?|famil(?:y|ies)"), value: nameOf, args: ["family_prefix"] },
];

/**
 * A bare resource name left after every other rule ("instance type of prod-web-1", "services in prod-web"):
 * hyphenated, not vocabulary, not an English prefix ("non-default", "multi-az"). Becomes the tool's name
 * argument when it has one, else a filter on the items' name field.
 */
export const BARE_NAME: Literal = {
  id: "bare-name",
  pattern: /(?<![\w.:=/-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?![\w.:=/-])/gi,
  value: (m) => {
    const name = m[1]!;
    const first = name.split("-")[0]!.toLowerCase();
    if (
      /^(?:non|un|multi|single|on|off|in|out|end|add|read|write|cross|self|pre|re|well|high|low|open|public|private|internet|world|auto|sub|co|x)$/.test(
        first,
      )
    )
      return undefined;
    return nameOf(m);
  },
  args: ["buckets", "function_names", "db_instance_id", "db_cluster_id", "cluster", "cluster_name"],
  // biome-ignore format: one tool per line reads as a table
  filter: Object.fromEntries(Object.entries({
    name: ["ec2_describe_instances", "ec2_describe_security_groups", "ec2_describe_vpcs", "ec2_describe_subnets", "ec2_describe_images", "s3_list_buckets", "lambda_list_functions", "ecs_describe_clusters", "eks_describe_clusters"],
    id: ["rds_describe_db_snapshots"],
  }).flatMap(([field, tools]) => tools.map((t) => [t, is(field)]))),
};
