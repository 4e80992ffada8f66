/**
 * Writes the IAM policies of `ops-agent iam-policy` (default settings: built-in plugins, the six default
 * services) into the CloudFormation templates, so the member role is exactly what the tool prints.
 *   bun run scripts/gen-iam.ts           rewrite infrastructure/member-account-role.yaml and
 *                                        infrastructure/identity-center-permission-set.yaml
 *   bun run scripts/gen-iam.ts --check   exit 1 when they are out of date (CI)
 * The member role gets one AWS::IAM::ManagedPolicy per policy (6,144 characters each). The Identity
 * Center permission set has one inline policy of at most 10,240 characters: it carries the plugin tools'
 * actions and the denies, not every read of aws_read (that would not fit).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { builtinCatalogue } from "../src/catalogue/builtin.ts";
import { silentLogger } from "../src/log.ts";
import { REGION_PROBE_ACTIONS } from "../src/org/enabled-regions.ts";
import { buildPolicies, type ManagedPolicy } from "../src/plugins/iam-policy.ts";
import { loadPlugins } from "../src/plugins/load.ts";
import { DEFAULT_SERVICES } from "../src/tools/aws-read.ts";

const MEMBER = "infrastructure/member-account-role.yaml";
const PERMISSION_SET = "infrastructure/identity-center-permission-set.yaml";

export function defaultPolicies(services: readonly string[] = DEFAULT_SERVICES): ManagedPolicy[] {
  const { tools } = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger });
  return buildPolicies({
    catalogue: builtinCatalogue(),
    services,
    toolActions: [...tools.flatMap((t) => t.iamActions), ...REGION_PROBE_ACTIONS],
    allowOperations: [],
  });
}

const indent = (text: string, spaces: number) =>
  text
    .replaceAll("Version: 2012-10-17", 'Version: "2012-10-17"')
    .trimEnd()
    .split("\n")
    .map((l) => " ".repeat(spaces) + l)
    .join("\n");

/** Replaces the lines between `# <name>:start` and `# <name>:end` markers. */
function splice(text: string, name: string, body: string): string {
  const start = text.match(new RegExp(`^ *# ${name}:start.*\\n`, "m"));
  const end = text.match(new RegExp(`^ *# ${name}:end.*$`, "m"));
  if (!start || !end || start.index === undefined || end.index === undefined)
    throw new Error(`no ${name} markers`);
  const from = start.index + start[0].length;
  return `${text.slice(0, from)}${body}\n${text.slice(end.index)}`;
}

export function expectedTemplates(): Record<string, string> {
  const member = defaultPolicies();
  const arns = member.map((p) => `- !Ref ${p.name}`).join("\n");
  const resources = Object.fromEntries(
    member.map((p) => [
      p.name,
      {
        Type: "AWS::IAM::ManagedPolicy",
        // cfn-lint's IAM action list lags botocore's models (e.g. ec2:GetManagedResourceVisibility).
        Metadata: { "cfn-lint": { config: { ignore_checks: ["W3037"] } } },
        Properties: { Description: `ops-agent read-only access, part ${p.name}`, PolicyDocument: p.document },
      },
    ]),
  );
  let memberText = readFileSync(MEMBER, "utf8");
  memberText = splice(memberText, "iam-policy-arns", indent(arns, 8));
  memberText = splice(memberText, "iam-policy-resources", indent(stringify(resources, { lineWidth: 0 }), 2));
  const statements = defaultPolicies([]).flatMap((p) => p.document.Statement);
  const inline = { Version: "2012-10-17", Statement: statements };
  if (JSON.stringify(inline).length > 10240)
    throw new Error("the permission set's inline policy exceeds 10,240");
  let psText = readFileSync(PERMISSION_SET, "utf8");
  psText = splice(
    psText,
    "iam-policy-inline",
    indent(stringify({ InlinePolicy: inline }, { lineWidth: 0 }), 6),
  );
  return { [MEMBER]: memberText, [PERMISSION_SET]: psText };
}

if (import.meta.main) {
  const files = expectedTemplates();
  const stale = Object.keys(files).filter((f) => readFileSync(f, "utf8") !== files[f]);
  if (process.argv.includes("--check")) {
    for (const f of stale) console.error(`${f} is out of date: run bun run scripts/gen-iam.ts`);
    if (stale.length) process.exit(1);
    console.log("IAM policies in the templates are up to date");
  } else {
    for (const f of stale) writeFileSync(f, files[f]!);
    console.log(stale.length ? `rewrote ${stale.join(", ")}` : "templates up to date");
  }
}
