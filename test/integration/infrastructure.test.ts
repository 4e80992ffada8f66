// biome-ignore-all lint/suspicious/noTemplateCurlyInString: "${...}" here is CloudFormation !Sub syntax, not JS.
// CloudFormation templates (cfn-lint plus the IAM contract of each role) and infrastructure/deploy.sh
// (shellcheck, its --dry-run commands, and every printed AWS CLI command checked against the installed
// CLI's service model by letting the real CLI parse and validate it against an endpoint that refuses).
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CollectionTag, parse, type ScalarTag } from "yaml";
import { loadConfig } from "../../src/config/load.ts";
import { DEFAULT_MODEL_ID, defaultSettings } from "../../src/config/schema.ts";
import { REGION_PROBE_ACTIONS } from "../../src/org/enabled-regions.ts";
import { startMoto } from "../fakes/moto.ts";
import { requireCommand, requirePython } from "../helpers/require.ts";

const ROOT = join(import.meta.dir, "../..");
const INFRA = join(ROOT, "infrastructure");
const DEPLOY = join(INFRA, "deploy.sh");
const TEMPLATES = ["central-account.yaml", "member-account-role.yaml", "identity-center-permission-set.yaml"];

type Statement = {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Principal?: Record<string, unknown>;
  Condition?: Record<string, unknown>;
};
type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = {
  Parameters: Record<string, { Default?: unknown }>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, unknown>;
};

// CloudFormation's short-form intrinsics (!Ref, !Sub, ...) read as their JSON long form.
const INTRINSICS = ["Ref", "Sub", "GetAtt", "If", "Not", "Equals", "And", "Or", "Join", "Select", "Split"];
const cfnTags = INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => {
  const key = name === "Ref" ? "Ref" : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (v: string) => ({ [key]: name === "GetAtt" ? v.split(".") : v }) },
    { tag: `!${name}`, collection: "seq", resolve: (v) => ({ [key]: v.toJSON() }) },
    { tag: `!${name}`, collection: "map", resolve: (v) => ({ [key]: v.toJSON() }) },
  ];
});
const load = (file: string): Template =>
  parse(readFileSync(join(INFRA, file), "utf8"), { customTags: cfnTags }) as Template;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());
const sorted = (v: string[]) => [...new Set(v)].sort();
const roleStatements = (role: Resource): Statement[] =>
  (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
const sid = (statements: Statement[], name: string): Statement => {
  const found = statements.find((s) => s.Sid === name);
  if (!found) throw new Error(`no statement ${name}`);
  return found;
};

describe("CloudFormation templates", () => {
  test.skipIf(!requireCommand("cfn-lint"))(
    "every template passes cfn-lint",
    () => {
      // One run for all templates: cfn-lint takes seconds to start.
      const r = spawnSync("cfn-lint", ["--format", "parseable", ...TEMPLATES.map((f) => join(INFRA, f))], {
        encoding: "utf8",
      });
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    },
    120_000,
  );

  test("no template uses the aws-mcp:* actions removed on 2026-03-24", () => {
    for (const file of TEMPLATES) expect(JSON.stringify(load(file))).not.toContain("aws-mcp:");
  });

  test("role and model names agree with each other and with the default settings", () => {
    const central = load("central-account.yaml").Parameters;
    const member = load("member-account-role.yaml").Parameters;
    const sso = load("identity-center-permission-set.yaml").Parameters;
    expect(central.TargetRoleName!.Default).toBe(defaultSettings.auth.role_name);
    expect(member.TargetRoleName!.Default).toBe(defaultSettings.auth.role_name);
    expect(member.CentralRoleName!.Default).toBe(central.ExecutionRoleName!.Default);
    expect(sso.PermissionSetName!.Default).toBe(defaultSettings.auth.sso.role_name);
    expect(central.InferenceProfileId!.Default).toBe(DEFAULT_MODEL_ID);
    expect(DEFAULT_MODEL_ID.endsWith(String(central.ModelId!.Default))).toBe(true);
  });
});

describe("central-account.yaml", () => {
  const t = load("central-account.yaml");
  const role = t.Resources.ExecutionRole!;
  const statements = roleStatements(role);

  test("has the parameters and outputs deploy.sh relies on", () => {
    for (const p of [
      "OrganizationId",
      "TargetRoleName",
      "ExecutionRoleName",
      "ModelId",
      "InferenceProfileId",
    ])
      expect(t.Parameters[p]).toBeDefined();
    for (const o of ["ExecutionRoleArn", "RepositoryUri"]) expect(t.Outputs[o]).toBeDefined();
    expect(role.Properties.RoleName).toEqual({ Ref: "ExecutionRoleName" });
  });

  test("only AgentCore of this account and region can assume the execution role", () => {
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({ Service: "bedrock-agentcore.amazonaws.com" });
    expect(trust[0]!.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
      ArnLike: {
        "aws:SourceArn": {
          "Fn::Sub": "arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:*",
        },
      },
    });
  });

  test("assumes only the target role name, only in accounts of the organization (aws:ResourceOrgID)", () => {
    const assume = statements.filter((s) => list(s.Action).some((a) => a.startsWith("sts:")));
    expect(assume).toHaveLength(1);
    expect(list(assume[0]!.Action)).toEqual(["sts:AssumeRole"]);
    expect(assume[0]!.Resource).toEqual({ "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${TargetRoleName}" });
    expect(assume[0]!.Condition).toEqual({
      StringEquals: { "aws:ResourceOrgID": { Ref: "OrganizationId" } },
    });
    expect(JSON.stringify(t)).not.toContain("PrincipalOrgID");
  });

  test("reads the organization with exactly the Organizations actions discovery calls (src/org/discover.ts)", () => {
    const granted = statements.flatMap((s) => list(s.Action)).filter((a) => a.startsWith("organizations:"));
    expect(sorted(granted)).toEqual(discoveryActions);
    expect(discoveryActions).toContain("organizations:ListTagsForResource");
    expect(sid(statements, "DiscoverOrganizationAccounts").Effect).toBe("Allow");
  });

  test("invokes only the configured model and inference profile", () => {
    const bedrock = statements.filter((s) => list(s.Action).some((a) => a.startsWith("bedrock:")));
    expect(bedrock).toHaveLength(1);
    expect(sorted(list(bedrock[0]!.Action))).toEqual([
      "bedrock:InvokeModel",
      "bedrock:InvokeModelWithResponseStream",
    ]);
    const resources = JSON.stringify(bedrock[0]!.Resource);
    expect(resources).toContain("foundation-model/${ModelId}");
    expect(resources).toContain("inference-profile/${InferenceProfileId}");
    expect(resources).not.toMatch(/"\*"|\/\*"/);
  });

  test("wildcard resources only where the service allows nothing narrower", () => {
    const anyResource = statements.filter((s) => s.Resource === "*");
    expect(sorted(anyResource.flatMap((s) => list(s.Action)))).toEqual([
      "cloudwatch:PutMetricData",
      "ecr:GetAuthorizationToken",
      ...discoveryActions,
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
    expect(sid(statements, "AgentCoreMetrics").Condition).toEqual({
      StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" },
    });
    expect(sid(statements, "EcrPullThisRepository").Resource).toEqual({
      "Fn::GetAtt": ["Repository", "Arn"],
    });
    for (const name of ["RuntimeLogGroups", "RuntimeLogStreams"])
      expect(JSON.stringify(sid(statements, name).Resource)).toContain(
        "log-group:/aws/bedrock-agentcore/runtimes/*",
      );
  });

  test("the ECR repository scans on push and expires old images", () => {
    const repo = t.Resources.Repository!.Properties;
    expect(repo.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    const text = (repo.LifecyclePolicy as { LifecyclePolicyText: { "Fn::Sub": string } }).LifecyclePolicyText[
      "Fn::Sub"
    ];
    const rules = JSON.parse(text.replaceAll("${ImageRetentionCount}", "20")).rules as {
      selection: unknown;
    }[];
    expect(rules.map((r) => r.selection)).toContainEqual({
      tagStatus: "any",
      countType: "imageCountMoreThan",
      countNumber: 20,
    });
  });
});

/** `organizations:<Operation>` for every command src/org/discover.ts sends. */
const discoveryActions = sorted(
  [...readFileSync(join(ROOT, "src/org/discover.ts"), "utf8").matchAll(/new (\w+)Command\(/g)].map(
    (m) => `organizations:${m[1]}`,
  ),
);

const member = load("member-account-role.yaml");
/** The member role's managed policies, in the order the role attaches them. */
const memberPolicies = (
  member.Resources.CentralOpsTargetRole!.Properties.ManagedPolicyArns as Array<{ Ref: string }>
).map((ref) => ({ name: ref.Ref, resource: member.Resources[ref.Ref]! }));
const memberStatements = memberPolicies.flatMap(
  (p) => (p.resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
);
const memberReadActions = sorted(
  memberStatements.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action)),
);

describe("member-account-role.yaml", () => {
  const role = member.Resources.CentralOpsTargetRole!;

  test("trusts the central execution role only, with an optional ExternalId", () => {
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({
      AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${CentralAccountId}:role/${CentralRoleName}" },
    });
    expect(trust[0]!.Condition).toEqual({
      "Fn::If": [
        "HasExternalId",
        { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
        { Ref: "AWS::NoValue" },
      ],
    });
  });

  test("allows read actions only, in managed policies of at most 6,144 characters", () => {
    expect(memberReadActions.length).toBeGreaterThan(0);
    for (const action of memberReadActions)
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|List|Get|Search|Lookup|BatchGet)[A-Za-z0-9*]*$/);
    expect(memberReadActions).not.toContain("s3:GetObject");
    expect(memberReadActions).not.toContain("ec2:Get*");
    expect(memberReadActions.some((a) => /^(sts|secretsmanager|ssm|kms|iam):/.test(a))).toBe(false);
    for (const p of memberPolicies) {
      expect(p.resource.Type).toBe("AWS::IAM::ManagedPolicy");
      expect(JSON.stringify(p.resource.Properties.PolicyDocument).length).toBeLessThanOrEqual(6144);
    }
  });

  test("allows what regions: all asks each account (account:ListRegions, else ec2:DescribeRegions)", () => {
    expect(REGION_PROBE_ACTIONS).toEqual(["account:ListRegions", "ec2:DescribeRegions"]);
    for (const action of REGION_PROBE_ACTIONS) expect(memberReadActions).toContain(action);
  });

  test("explicitly denies the denylist, and everything but reads through the AWS MCP Server", () => {
    const denies = memberStatements
      .filter((s) => s.Effect === "Deny" && s.Action)
      .flatMap((s) => list(s.Action));
    expect(denies).toEqual(
      expect.arrayContaining(["ec2:GetPasswordData", "s3:GetObject", "lambda:GetFunction"]),
    );
    const deny = sid(memberStatements, "DenyNonReadOnlyViaAwsMcp");
    expect(deny.Effect).toBe("Deny");
    expect(deny.Action).toBeUndefined();
    for (const a of list(deny.NotAction))
      expect(a).toMatch(/^[a-z0-9-]+:(Describe|List|Get|Search|Lookup|BatchGet)\*$/);
    expect(deny.Resource).toBe("*");
    // Bool, not BoolIfExists: calls made outside the MCP Server carry no key and stay unaffected.
    expect(deny.Condition).toEqual({ Bool: { "aws:ViaAWSMCPService": "true" } });
  });

  test("the Identity Center permission set carries the plugin tools' policy in one inline policy", () => {
    const ps = load("identity-center-permission-set.yaml").Resources.PermissionSet!;
    expect(ps.Type).toBe("AWS::SSO::PermissionSet");
    const inline = ps.Properties.InlinePolicy as { Statement: Statement[] };
    expect(JSON.stringify(inline).length).toBeLessThanOrEqual(10240);
    expect(sid(inline.Statement, "DenyNonReadOnlyViaAwsMcp").Condition).toEqual({
      Bool: { "aws:ViaAWSMCPService": "true" },
    });
  });

  test("iam-policy agrees with member-account-role.yaml; scripts/gen-iam.ts --check passes", () => {
    const r = spawnSync(process.execPath, ["run", "src/cli/main.ts", "iam-policy", "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { policies } = JSON.parse(r.stdout) as {
      policies: Array<{ PolicyName: string; PolicyDocument: unknown }>;
    };
    expect(policies.map((p) => p.PolicyName)).toEqual(memberPolicies.map((p) => p.name));
    expect(policies.map((p) => p.PolicyDocument)).toEqual(
      memberPolicies.map((p) => p.resource.Properties.PolicyDocument),
    );
    const check = spawnSync(process.execPath, ["run", "scripts/gen-iam.ts", "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});

// ---- deploy.sh ----------------------------------------------------------------------------------------

type Run = { status: number | null; stdout: string; stderr: string };
const BASE = [
  "--dry-run",
  "--account-id",
  "111111111111",
  "--org-id",
  "o-abcdefghij",
  "--image-tag",
  "abc1234",
];

/** Runs deploy.sh with `aws` and `docker` stubs first on PATH that log every call they get. */
function deploy(args: string[], awsVersion = "aws-cli/1.45.11 Python/3.11.7"): Run & { calls: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "deploy-"));
  const log = join(dir, "calls.log");
  for (const tool of ["aws", "docker"]) {
    const stub = join(dir, tool);
    writeFileSync(
      stub,
      `#!/bin/sh\necho "${tool} $*" >> '${log}'\n[ "$1" = --version ] && echo '${awsVersion}'\nexit 0\n`,
    );
    chmodSync(stub, 0o755);
  }
  writeFileSync(log, "");
  const r = spawnSync("bash", [DEPLOY, ...args], {
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    calls: readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
}

/** The argv of each "+ ..." line, split by bash itself. */
function printedCommands(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("+ "))
    .map((line) => {
      const r = spawnSync("bash", ["-c", 'eval "set -- $1"; printf "%s\\0" "$@"', "_", line.slice(2)], {
        encoding: "utf8",
      });
      return r.stdout.split("\0").slice(0, -1);
    });
}
const sub = (argv: string[]) => argv.slice(0, 3).join(" ");
const flag = (argv: string[], name: string) => argv[argv.indexOf(name) + 1];

describe("deploy.sh", () => {
  test("is valid bash", () => {
    expect(spawnSync("bash", ["-n", DEPLOY]).status).toBe(0);
  });

  test.skipIf(!requireCommand("shellcheck"))("is shellcheck-clean", () => {
    const r = spawnSync("shellcheck", ["-S", "style", DEPLOY], { encoding: "utf8" });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  test("--dry-run of a first deployment prints the create path and calls nothing", () => {
    const registry = join(mkdtempSync(join(tmpdir(), "reg-")), "accounts.yaml");
    writeFileSync(registry, 'accounts:\n  - id: "222222222222"\n    name: Prod "main"\n');
    const r = deploy([
      ...BASE,
      "--ou-ids",
      "ou-ab12-abcdefgh,ou-cd34-abcdefgh",
      "--account-registry",
      registry,
      "all",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(["aws --version"]); // the CLI major version decides a flag; no AWS or docker call
    const cmds = printedCommands(r.stdout);
    expect(cmds.map(sub)).toEqual([
      "aws cloudformation deploy",
      "aws cloudformation describe-stack-set",
      "aws cloudformation create-stack-set",
      "aws cloudformation create-stack-instances",
      "aws cloudformation describe-stack-set-operation",
      "aws ecr get-login-password",
      "docker buildx build",
      "aws bedrock-agentcore-control list-agent-runtimes",
      "aws bedrock-agentcore-control create-agent-runtime",
      "aws bedrock-agentcore-control get-agent-runtime",
      "aws bedrock-agentcore-control update-agent-runtime",
      "aws bedrock-agentcore-control get-agent-runtime",
      "aws bedrock-agentcore-control get-agent-runtime",
      "aws bedrock-agentcore invoke-agent-runtime",
    ]);
    const [central, , createSet, instances, , login, build, , create, , update, , , invoke] =
      cmds as string[][];
    expect(central).toContain("CAPABILITY_NAMED_IAM");
    expect(central).toContain("OrganizationId=o-abcdefghij");
    expect(flag(createSet!, "--permission-model")).toBe("SERVICE_MANAGED");
    expect(flag(createSet!, "--auto-deployment")).toBe("Enabled=true,RetainStacksOnAccountRemoval=false");
    expect(JSON.parse(flag(createSet!, "--parameters")!)).toContainEqual({
      ParameterKey: "CentralAccountId",
      ParameterValue: "111111111111",
    });
    expect(flag(instances!, "--deployment-targets")).toBe(
      "OrganizationalUnitIds=ou-ab12-abcdefgh,ou-cd34-abcdefgh",
    );
    expect(login!.join(" ")).toContain(
      "| docker login --username AWS --password-stdin 111111111111.dkr.ecr.us-east-1.amazonaws.com",
    );
    const image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/ops-agent:abc1234";
    expect(build).toEqual([
      "docker",
      "buildx",
      "build",
      "--platform",
      "linux/arm64",
      "--provenance=false",
      "--tag",
      image,
      "--push",
      ROOT,
    ]);
    for (const cmd of [create!, update!]) {
      expect(flag(cmd, "--agent-runtime-artifact")).toBe(`containerConfiguration={containerUri=${image}}`);
      expect(flag(cmd, "--role-arn")).toBe("arn:aws:iam::111111111111:role/CentralOpsAgentRole");
      expect(flag(cmd, "--network-configuration")).toBe("networkMode=PUBLIC");
      expect(flag(cmd, "--protocol-configuration")).toBe("serverProtocol=HTTP");
      const env = JSON.parse(flag(cmd, "--environment-variables")!);
      expect(env).toEqual({
        AWS_REGION: "us-east-1",
        OPS_AGENT_MODEL_ID: DEFAULT_MODEL_ID,
        ACCOUNT_REGISTRY: readFileSync(registry, "utf8").replace(/\n$/, ""),
      });
    }
    expect(create).not.toContain("--metadata-configuration"); // CreateAgentRuntime has no such field
    expect(flag(update!, "--metadata-configuration")).toBe("requireMMDSV2=true");
    expect(flag(invoke!, "--runtime-session-id")!.length).toBeGreaterThanOrEqual(33);
    expect(JSON.parse(flag(invoke!, "--payload")!)).toHaveProperty("prompt");
    expect(invoke).not.toContain("--cli-binary-format");
  });

  test("--settings: the runtime gets the settings only (OPS_AGENT_SETTINGS), and with discovery on no registry", () => {
    const file = join(INFRA, "agentcore-settings.example.yaml");
    const r = deploy([...BASE, "--settings", file, "runtime"]);
    expect(r.status).toBe(0);
    const runtime = printedCommands(r.stdout).filter((c) => c.includes("--environment-variables"));
    expect(runtime.length).toBeGreaterThan(0);
    const text = readFileSync(file, "utf8").replace(/\n$/, "");
    for (const cmd of runtime) {
      expect(JSON.parse(flag(cmd, "--environment-variables")!)).toEqual({
        AWS_REGION: "us-east-1",
        OPS_AGENT_MODEL_ID: DEFAULT_MODEL_ID,
        OPS_AGENT_SETTINGS: text,
      });
    }
    // What the runtime makes of that environment: discovery on, no registry, settings located by line.
    const config = loadConfig({ env: { OPS_AGENT_SETTINGS: text }, cwd: mkdtempSync(join(tmpdir(), "rt-")) });
    expect(config.settings.organizations.enabled).toBe(true);
    expect(config.accounts).toEqual([]);
    expect(config.provenance?.["organizations.enabled"]).toMatch(/^OPS_AGENT_SETTINGS:\d+$/);
    expect(deploy([...BASE, "--settings", "/nonexistent.yaml", "runtime"]).stderr).toContain(
      "--settings: cannot read",
    );
  });

  test("--observability puts AGENT_OBSERVABILITY_ENABLED=true in the runtime's environment (traces to X-Ray)", () => {
    const r = deploy([...BASE, "--observability", "runtime"]);
    expect(r.status).toBe(0);
    const runtime = printedCommands(r.stdout).filter((c) => c.includes("--environment-variables"));
    expect(runtime.length).toBeGreaterThan(0);
    for (const cmd of runtime) {
      expect(JSON.parse(flag(cmd, "--environment-variables")!)).toMatchObject({
        AGENT_OBSERVABILITY_ENABLED: "true",
      });
    }
  });

  test("--dry-run --assume-exists prints the update path", () => {
    const r = deploy(
      [...BASE, "--assume-exists", "--ou-ids", "ou-ab12-abcdefgh", "stackset", "runtime", "smoke"],
      "aws-cli/2.31.0",
    );
    expect(r.status).toBe(0);
    const cmds = printedCommands(r.stdout);
    expect(cmds.map(sub)).toEqual([
      "aws cloudformation describe-stack-set",
      "aws cloudformation update-stack-set",
      "aws cloudformation describe-stack-set-operation",
      "aws cloudformation create-stack-instances",
      "aws cloudformation describe-stack-set-operation",
      "aws bedrock-agentcore-control list-agent-runtimes",
      "aws bedrock-agentcore-control update-agent-runtime",
      "aws bedrock-agentcore-control get-agent-runtime",
      "aws bedrock-agentcore-control get-agent-runtime",
      "aws bedrock-agentcore invoke-agent-runtime",
    ]);
    // AWS CLI v2 would base64-decode the JSON payload without this flag.
    expect(flag(cmds.at(-1)!, "--cli-binary-format")).toBe("raw-in-base64-out");
  });

  test("bad input gets a clear error before anything runs", () => {
    const cases: [string[], string][] = [
      [["--dry-run"], "no step given"],
      [["--dry-run", "image"], "--dry-run needs --account-id"],
      [[...BASE, "stackset"], "stackset needs --ou-ids"],
      [[...BASE, "--ou-ids", "ou-1", "stackset"], "not an OU or root id: ou-1"],
      [[...BASE, "--region", "mars", "central"], "not an AWS region"],
      [[...BASE, "--runtime-name", "ops-agent", "runtime"], "--runtime-name"],
      [[...BASE, "--bogus"], "unknown argument: --bogus"],
      [["--assume-exists", "central"], "only makes sense with --dry-run"],
    ];
    for (const [args, message] of cases) {
      const r = deploy(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).not.toContain("+ ");
    }
  });

  test.skipIf(!requireCommand("aws"))(
    "every printed AWS CLI command is accepted by the installed CLI's service model",
    async () => {
      const fresh = printedCommands(deploy([...BASE, "--ou-ids", "ou-ab12-abcdefgh", "all"]).stdout);
      const again = printedCommands(
        deploy([...BASE, "--assume-exists", "--ou-ids", "ou-ab12-abcdefgh", "all"]).stdout,
      );
      const seen = new Set<string>();
      const awsCommands = [...fresh, ...again]
        .map((argv) => (argv.includes("|") ? argv.slice(0, argv.indexOf("|")) : argv))
        .filter((argv) => argv[0] === "aws" && !seen.has(argv.join(" ")) && seen.add(argv.join(" ")));
      expect(awsCommands.length).toBeGreaterThanOrEqual(12);
      const env = {
        PATH: process.env.PATH,
        HOME: mkdtempSync(join(tmpdir(), "aws-home-")),
        AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY: "not-a-secret",
        AWS_MAX_ATTEMPTS: "1",
        AWS_EC2_METADATA_DISABLED: "true",
      };
      // Port 9 (discard) refuses connections: the CLI parses and validates every parameter first, then fails to connect.
      const results = await Promise.all(
        awsCommands.map(async (argv) => {
          const proc = Bun.spawn(
            [...argv, "--endpoint-url", "http://127.0.0.1:9", "--cli-connect-timeout", "1"],
            {
              env,
              stdout: "pipe",
              stderr: "pipe",
            },
          );
          const stderr = await new Response(proc.stderr).text();
          await proc.exited;
          return { command: sub(argv), stderr: stderr.trim() };
        }),
      );
      for (const { command, stderr } of results)
        expect({ command, stderr }).toEqual({
          command,
          stderr: expect.stringMatching(/^Could not connect to the endpoint URL/),
        });
    },
    60_000,
  );

  test.skipIf(!requireCommand("aws") || !requirePython(["moto"]))(
    "runs for real against moto_server: creates the central stack and StackSet, then updates the StackSet",
    async () => {
      const moto = await startMoto();
      try {
        const env = {
          PATH: process.env.PATH,
          HOME: mkdtempSync(join(tmpdir(), "aws-home-")),
          AWS_ENDPOINT_URL: moto.motoUrl,
          AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
          AWS_SECRET_ACCESS_KEY: "not-a-secret",
          AWS_DEFAULT_REGION: "us-east-1",
        };
        const aws = (...args: string[]) => {
          const r = spawnSync("aws", [...args, "--output", "json"], { encoding: "utf8", env });
          if (r.status !== 0) throw new Error(`aws ${args.join(" ")}: ${r.stderr}`);
          return JSON.parse(r.stdout || "null");
        };
        const orgId = aws("organizations", "create-organization", "--feature-set", "ALL").Organization
          .Id as string;
        const rootId = aws("organizations", "list-roots").Roots[0].Id as string;
        const ou = aws(
          "organizations",
          "create-organizational-unit",
          "--parent-id",
          rootId,
          "--name",
          "workloads",
        ).OrganizationalUnit.Id as string;
        const script = (...steps: string[]) =>
          spawnSync("bash", [DEPLOY, "--ou-ids", ou, ...steps], { encoding: "utf8", env });

        const first = script("central", "stackset");
        expect(first.stderr).toBe("");
        expect(first.status).toBe(0);
        expect(first.stdout).toContain(`OrganizationId=${orgId}`); // looked up, not passed
        expect(first.stdout).toContain("+ aws cloudformation create-stack-set");
        const trust = aws("iam", "get-role", "--role-name", "CentralOpsAgentRole").Role
          .AssumeRolePolicyDocument;
        expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).toBe("123456789012");
        expect(
          aws("ecr", "describe-repositories").repositories.map(
            (r: { repositoryName: string }) => r.repositoryName,
          ),
        ).toEqual(["ops-agent"]);
        const set = aws(
          "cloudformation",
          "describe-stack-set",
          "--stack-set-name",
          "ops-agent-member-role",
        ).StackSet;
        expect(set.PermissionModel).toBe("SERVICE_MANAGED");
        const orgRead = aws(
          "iam",
          "get-role-policy",
          "--role-name",
          "CentralOpsAgentRole",
          "--policy-name",
          "ReadOrganization",
        );
        // moto hands the document back as Python's repr of it: read the actions out of the text.
        const text =
          typeof orgRead.PolicyDocument === "string"
            ? orgRead.PolicyDocument
            : JSON.stringify(orgRead.PolicyDocument);
        expect(sorted(text.match(/organizations:\w+/g) ?? [])).toEqual(discoveryActions);
        expect(set.Parameters).toContainEqual({
          ParameterKey: "CentralAccountId",
          ParameterValue: "123456789012",
        });

        const second = script("stackset");
        expect(second.status).toBe(0);
        expect(printedCommands(second.stdout).map(sub)).toEqual([
          "aws sts get-caller-identity",
          "aws cloudformation describe-stack-set",
          "aws cloudformation update-stack-set",
          "aws cloudformation describe-stack-set-operation",
          "aws cloudformation create-stack-instances",
          "aws cloudformation describe-stack-set-operation",
        ]);
      } finally {
        await moto.stop();
      }
    },
    120_000,
  );
});
