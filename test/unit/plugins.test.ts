import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinCatalogue } from "../../src/catalogue/builtin.ts";
import { isOpsError } from "../../src/errors.ts";
import { createLogger, silentLogger } from "../../src/log.ts";
import { BUILTIN_PLUGINS } from "../../src/plugins/builtin.ts";
import { iamAction } from "../../src/plugins/iam.ts";
import { buildPolicies, MANAGED_POLICY_MAX_CHARS, policySize } from "../../src/plugins/iam-policy.ts";
import { type LoadPluginsOptions, loadPlugins } from "../../src/plugins/load.ts";
import { parsePlugin } from "../../src/plugins/parse.ts";
import { extractSpec } from "../../src/sandbox/extract-spec.ts";

const ROOT = join(import.meta.dir, "../..");
const builtin = loadPlugins({ dirs: [], allowOperations: [], logger: silentLogger });
const byName = (name: string) => builtin.tools.find((t) => t.name === name)!;

/** Loads plugin texts as if they were files in one directory `/p`. */
function loadFiles(files: Record<string, string>, extra: Partial<LoadPluginsOptions> = {}) {
  return loadPlugins({
    dirs: ["/p"],
    allowOperations: [],
    logger: silentLogger,
    listDir: () => Object.keys(files),
    readFile: (path) => files[path.replace("/p/", "")]!,
    ...extra,
  });
}

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isOpsError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an error");
}

const GOOD = `service: ec2
description: test plugin
tools:
  - name: ec2_describe_things
    description: things for the loader tests
    input:
      type: object
      properties:
        ids: { type: array, items: { type: string }, description: ids }
    operation: DescribeInstances
    map:
      ids: { param: InstanceIds }
    items: Reservations[]
`;

describe("built-in plugins", () => {
  test("ship the tools issue 5 asks for, each described, sourced and guarded", () => {
    const names = builtin.tools.map((t) => t.name);
    for (const name of [
      "ec2_describe_instances",
      "ec2_describe_vpcs",
      "ec2_describe_subnets",
      "ec2_describe_security_groups",
      "ec2_describe_volumes",
      "ec2_describe_images",
      "s3_list_buckets",
      "s3_get_bucket_encryption",
      "s3_get_public_access_block",
      "s3_get_bucket_versioning",
      "s3_get_bucket_policy_status",
      "s3_get_bucket_lifecycle",
      "s3_get_bucket_security",
      "rds_describe_db_instances",
      "rds_describe_db_clusters",
      "rds_describe_db_snapshots",
      "lambda_list_functions",
      "lambda_get_function_configuration",
      "lambda_list_event_source_mappings",
      "lambda_get_function_concurrency",
      "ecs_describe_clusters",
      "ecs_describe_services",
      "ecs_describe_tasks",
      "ecs_describe_task_definitions",
      "eks_describe_clusters",
      "eks_describe_nodegroups",
      "eks_describe_addons",
      "eks_describe_fargate_profiles",
    ]) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
    for (const tool of builtin.tools) {
      expect(tool.source).toMatch(new RegExp(`^builtin:${tool.service}\\.yaml:\\d+$`));
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(Object.keys(tool.inputSchema.properties as object)).not.toContain("accounts");
      expect(tool.iamActions.length).toBeGreaterThanOrEqual(1);
    }
    expect(builtin.overridden).toEqual([]);
  });

  test("the JSON Schema describes every property and closes every object", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schema/plugin.schema.json"), "utf8"));
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties) {
        if (n.additionalProperties !== false) undocumented.push(`${at}: additionalProperties`);
        for (const [key, value] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          if (typeof value.description !== "string") undocumented.push(`${at}/properties/${key}`);
          walk(value, `${at}/properties/${key}`);
        }
      }
      for (const [key, value] of Object.entries(n)) if (key !== "properties") walk(value, `${at}/${key}`);
    };
    walk(schema, "#");
    expect(undocumented).toEqual([]);
  });

  test("the fast path for built-ins equals the locating parser used for plugin directories", () => {
    const files = Object.fromEntries(
      readdirSync(join(ROOT, "plugins")).map((f) => [f, readFileSync(join(ROOT, "plugins", f), "utf8")]),
    );
    const slow = loadFiles(files, { builtins: [] }).tools;
    expect(slow.map((t) => t.name).sort()).toEqual(builtin.tools.map((t) => t.name).sort());
    for (const tool of builtin.tools) {
      const other = slow.find((t) => t.name === tool.name)!;
      expect(other.source.replace("/p/", "builtin:")).toBe(tool.source);
      expect([other.inputSchema, other.operations, other.iamActions]).toEqual([
        tool.inputSchema,
        tool.operations,
        tool.iamActions,
      ]);
      const args = Object.fromEntries(((tool.inputSchema.required as string[]) ?? []).map((k) => [k, "x"]));
      expect(other.render(args, ["us-east-1"])).toBe(tool.render(args, ["us-east-1"]));
    }
  });

  test("every embedded built-in passes the JSON Schema, which run time skips for them", () => {
    expect(BUILTIN_PLUGINS.length).toBe(readdirSync(join(ROOT, "plugins")).length);
    for (const { file, text } of BUILTIN_PLUGINS) {
      const checked = parsePlugin(file, text, false);
      expect(parsePlugin(file, text, true).plugin).toEqual(checked.plugin);
    }
  });

  test("every plugin file points editors at the schema", () => {
    for (const file of readdirSync(join(ROOT, "plugins"))) {
      expect(readFileSync(join(ROOT, "plugins", file), "utf8")).toStartWith(
        "# yaml-language-server: $schema=../schema/plugin.schema.json\n",
      );
    }
  });

  test("arguments map to API parameters, EC2 filters, tag filters and client-side matches", () => {
    const spec = extractSpec(
      byName("ec2_describe_instances").render(
        { instance_ids: ["i-0abc"], states: ["running", "stopped"], tags: ["env=prod", "team", "a=b=c"] },
        ["eu-west-1"],
      ),
    );
    expect(spec).toMatchObject({ service: "ec2", operation: "DescribeInstances", regions: ["eu-west-1"] });
    expect(spec.params).toEqual({
      InstanceIds: ["i-0abc"],
      Filters: [
        { Name: "instance-state-name", Values: ["running", "stopped"] },
        { Name: "tag:env", Values: ["prod"] },
        { Name: "tag-key", Values: ["team"] },
        { Name: "tag:a", Values: ["b=c"] },
      ],
    });
    const vpcs = extractSpec(byName("ec2_describe_vpcs").render({ default_only: false }, ["us-east-1"]));
    expect(vpcs.params.Filters).toEqual([{ Name: "is-default", Values: ["false"] }]);
    const buckets = extractSpec(
      byName("s3_get_bucket_versioning").render({ buckets: ["a", "b"] }, ["us-east-1"]),
    );
    expect(buckets.where).toEqual([{ path: "Name", values: ["a", "b"] }]);
    expect(buckets.params).toEqual({ MaxBuckets: 1000 });
    expect(buckets.region_param).toBe("BucketRegion");
    const images = extractSpec(byName("ec2_describe_images").render({}, ["us-east-1"]));
    expect(images.params).toEqual({ Owners: ["self"] });
  });

  test("render validates arguments and region", () => {
    const fn = byName("lambda_get_function_configuration");
    expect(errorOf(() => fn.render({}, ["us-east-1"]))).toMatchObject({ code: "E_VALIDATION" });
    expect(errorOf(() => fn.render({}, ["us-east-1"])).message).toContain("function_name");
    expect(errorOf(() => fn.render({ function_name: 3 }, ["us-east-1"])).code).toBe("E_VALIDATION");
    expect(errorOf(() => fn.render({ function_name: "f" }, ["mars-1"])).code).toBe("E_VALIDATION");
    expect(extractSpec(fn.render({ function_name: "f" }, ["ap-southeast-2"])).params).toEqual({
      FunctionName: "f",
    });
  });
});

describe("loading plugin directories", () => {
  test("a directory adds tools and overrides built-ins by name, logged", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", format: "json", write: (l) => lines.push(l) });
    const override = GOOD.replace("ec2_describe_things", "ec2_describe_vpcs");
    const set = loadFiles({ "a.yaml": GOOD, "b.yml": override, "notes.txt": "ignored" }, { logger });
    expect(set.overridden).toEqual(["ec2_describe_vpcs"]);
    expect(set.tools.find((t) => t.name === "ec2_describe_vpcs")!.source).toBe("/p/b.yml:4");
    expect(set.tools.find((t) => t.name === "ec2_describe_things")!.source).toBe("/p/a.yaml:4");
    expect(set.tools.length).toBe(builtin.tools.length + 1);
    expect(lines.join("")).toContain("ec2_describe_vpcs");
  });

  test("syntax errors name file, line and column", () => {
    const e = errorOf(() => loadFiles({ "bad.yaml": "service: ec2\ntools: [\n" }));
    expect(e.code).toBe("E_PLUGIN");
    expect(e.message).toMatch(/\/p\/bad\.yaml:\d+:\d+: invalid YAML/);
  });

  test("schema errors name file, line, column and field", () => {
    const typo = GOOD.replace("    operation: DescribeInstances", "    operaton: DescribeInstances");
    const e = errorOf(() => loadFiles({ "typo.yaml": typo }));
    expect(e.code).toBe("E_PLUGIN");
    expect(e.message).toContain('/p/typo.yaml:10:5 tools[0].operaton: unknown key "operaton"');
    expect(e.message).toContain('missing required key "operation"');
    const badType = GOOD.replace("items: { type: string }", "items: { type: object }");
    expect(errorOf(() => loadFiles({ "t.yaml": badType })).message).toMatch(
      /t\.yaml:9:\d+ tools\[0\]\.input\.properties\.ids\.items\.type/,
    );
    const accounts = GOOD.replace("        ids:", "        accounts:").replace(
      "      ids: {",
      "      accounts: {",
    );
    expect(errorOf(() => loadFiles({ "a.yaml": accounts })).code).toBe("E_PLUGIN");
  });

  test("semantic errors: name prefix, duplicate names, mappings, batch options", () => {
    const wrongPrefix = GOOD.replace("ec2_describe_things", "s3_describe_things");
    expect(errorOf(() => loadFiles({ "w.yaml": wrongPrefix })).message).toContain(
      '/p/w.yaml:4:11 tools[0].name: tool names must start with "ec2_"',
    );
    const dup = errorOf(() => loadFiles({ "a.yaml": GOOD, "b.yaml": GOOD }));
    expect(dup.message).toContain(
      '/p/b.yaml:4:11 tools[0].name: duplicate tool name "ec2_describe_things" (also in /p/a.yaml:4)',
    );
    const unknownInput = GOOD.replace(
      "      ids: { param: InstanceIds }",
      "      idz: { param: InstanceIds }",
    );
    expect(errorOf(() => loadFiles({ "u.yaml": unknownInput })).message).toContain(
      '"idz" is not an input property',
    );
    const twoKinds = GOOD.replace("{ param: InstanceIds }", "{ param: InstanceIds, filter: instance-id }");
    expect(errorOf(() => loadFiles({ "k.yaml": twoKinds })).message).toContain(
      "give exactly one of param, filter, tag_filter, where",
    );
    const asList = GOOD.replace("{ param: InstanceIds }", "{ filter: instance-id, as_list: true }");
    expect(errorOf(() => loadFiles({ "l.yaml": asList })).message).toContain("as_list needs param");
    const batchInto = `${GOOD}    follow:\n      - { operation: DescribeVolumes, item_params: { VolumeIds: "@" }, batch: 5, into: x, result: "@" }\n`;
    expect(errorOf(() => loadFiles({ "f.yaml": batchInto })).message).toContain(
      "into and on_error are per item",
    );
    const badPattern = GOOD.replace("items: { type: string }", 'items: { type: string, pattern: "(" }');
    expect(errorOf(() => loadFiles({ "r.yaml": badPattern })).message).toContain("invalid input schema");
  });

  test("parent: its param is one optional argument's, its listing is guarded and in the IAM actions", () => {
    const withParent = (parent: string, extra = "") =>
      `${GOOD.replace("    items: Reservations[]\n", `    items: Reservations[]\n${extra}`)}    parent: ${parent}\n`;
    const good = loadFiles({
      "p.yaml": withParent('{ param: InstanceIds, operation: DescribeVpcs, items: "Vpcs[].VpcId" }'),
    });
    const tool = good.tools.find((t) => t.name === "ec2_describe_things")!;
    expect(tool.iamActions).toEqual(["ec2:DescribeInstances", "ec2:DescribeVpcs"]);
    expect(extractSpec(tool.render({}, ["us-east-1"])).parent).toEqual({
      param: "InstanceIds",
      operation: "DescribeVpcs",
      params: {},
      items: "Vpcs[].VpcId",
      paginate: null,
      max_items: 100,
      not_found: [],
    });
    expect(
      errorOf(() => loadFiles({ "a.yaml": withParent("{ param: Nope, operation: DescribeVpcs, items: x }") }))
        .message,
    ).toContain('parent.param: "Nope" must be the param of exactly one map entry');
    const required = withParent("{ param: InstanceIds, operation: DescribeVpcs, items: x }").replace(
      "description: ids }\n",
      "description: ids }\n      required: [ids]\n",
    );
    expect(errorOf(() => loadFiles({ "b.yaml": required })).message).toContain(
      '"ids" names the parent, so it must be optional',
    );
    const fixed = withParent(
      "{ param: InstanceIds, operation: DescribeVpcs, items: x }",
      "    params: { InstanceIds: [i-1] }\n",
    );
    expect(errorOf(() => loadFiles({ "c.yaml": fixed })).message).toContain(
      'a fixed "InstanceIds" would always name the parent',
    );
    const mutating = errorOf(() =>
      loadFiles({ "d.yaml": withParent("{ param: InstanceIds, operation: TerminateInstances, items: x }") }),
    );
    expect(mutating).toMatchObject({ code: "E_READONLY" });
    expect(mutating.message).toContain("tools[0].parent.operation");
  });

  test("a missing directory is a clear error", () => {
    const e = errorOf(() =>
      loadPlugins({ dirs: ["/nope/plugins"], allowOperations: [], logger: silentLogger }),
    );
    expect(e).toMatchObject({ code: "E_PLUGIN", message: "cannot read plugin directory /nope/plugins" });
  });
});

describe("iam-policy", () => {
  test("IAM actions differ from operation names where AWS says so", () => {
    expect(iamAction("s3", "ListBuckets")).toBe("s3:ListAllMyBuckets");
    expect(iamAction("s3", "GetBucketEncryption")).toBe("s3:GetEncryptionConfiguration");
    expect(iamAction("s3", "GetPublicAccessBlock")).toBe("s3:GetBucketPublicAccessBlock");
    expect(iamAction("s3", "GetBucketPolicyStatus")).toBe("s3:GetBucketPolicyStatus");
    expect(iamAction("s3", "GetBucketLifecycleConfiguration")).toBe("s3:GetLifecycleConfiguration");
    expect(iamAction("s3", "GetBucketVersioning")).toBe("s3:GetBucketVersioning");
    expect(iamAction("s3", "GetBucketLocation")).toBe("s3:GetBucketLocation");
    expect(iamAction("lambda", "ListFunctions")).toBe("lambda:ListFunctions");
    expect(iamAction("elbv2", "DescribeLoadBalancers")).toBe("elasticloadbalancing:DescribeLoadBalancers");
    expect(iamAction("stepfunctions", "ListStateMachines")).toBe("states:ListStateMachines");
  });

  const policies = (services: string[], allowOperations: string[] = []) =>
    buildPolicies({
      catalogue: builtinCatalogue(),
      services,
      toolActions: builtin.tools.flatMap((t) => t.iamActions),
      allowOperations,
    });
  const allowedOf = (ps: ReturnType<typeof policies>) =>
    ps.flatMap((p) =>
      p.document.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => s.Action ?? []),
    );
  const deniedOf = (ps: ReturnType<typeof policies>) =>
    ps.flatMap((p) =>
      p.document.Statement.filter((s) => s.Action && s.Effect === "Deny").flatMap((s) => s.Action!),
    );

  test("the tools' actions alone: listed once, sorted, canonical, reads only", () => {
    const actions = allowedOf(policies([]));
    expect(actions).toEqual([...new Set(actions)].sort());
    expect(actions).toEqual(
      expect.arrayContaining(["ec2:DescribeInstances", "s3:ListAllMyBuckets", "eks:DescribeCluster"]),
    );
    expect(
      actions.filter((a) => !/^(ec2|s3|rds|lambda|ecs|eks):(Describe|List|Get)[A-Za-z*]+$/.test(a)),
    ).toEqual([]);
    expect(actions).not.toContain("s3:ListBuckets");
  });

  test("aws_read's reads of the enabled services: wildcards only where every matched action is allowed", () => {
    const ps = policies(["ec2", "ecs", "eks", "lambda", "rds", "s3"]);
    const actions = allowedOf(ps);
    expect(actions).toContain("ecs:Describe*");
    expect(actions).toContain("ec2:DescribeLaunchTemplateVersions");
    for (const never of [
      "ec2:Get*",
      "ec2:Describe*",
      "s3:Get*",
      "lambda:Get*",
      "ec2:GetPasswordData",
      "s3:GetObject",
    ])
      expect(actions).not.toContain(never);
    for (const denied of [
      "ec2:GetPasswordData",
      "s3:GetObject",
      "lambda:GetFunction",
      "ec2:GetConsoleOutput",
    ])
      expect(deniedOf(ps)).toContain(denied);
    // No action is both allowed and denied, and every managed policy fits IAM's limit.
    expect(deniedOf(ps).filter((a) => actions.includes(a))).toEqual([]);
    for (const p of ps) expect(policySize(p.document)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    expect(ps.length).toBeGreaterThan(1);
    const mcp = ps.flatMap((p) => p.document.Statement).find((s) => s.Sid === "DenyNonReadOnlyViaAwsMcp")!;
    expect(mcp.NotAction).toContain("ec2:Describe*");
    expect(mcp.Condition).toEqual({ Bool: { "aws:ViaAWSMCPService": "true" } });
  });

  test("a re-allowed read is allowed, never denied; a mutating verb never appears", () => {
    const ps = policies(["ec2"], ["ec2:GetPasswordData"]);
    expect(allowedOf(ps)).toContain("ec2:GetPasswordData");
    expect(deniedOf(ps)).not.toContain("ec2:GetPasswordData");
    expect(JSON.stringify(ps)).not.toContain("TerminateInstances");
  });

  test("more services split into more policies, each within 6,144 characters", () => {
    const ps = policies(["ec2", "ecs", "eks", "lambda", "rds", "s3", "iam", "dynamodb", "sqs", "cloudwatch"]);
    for (const p of ps) expect(policySize(p.document)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    expect(allowedOf(ps).filter((a) => a === "sqs:ListQueues" || a === "sqs:List*")).toHaveLength(1);
    expect(allowedOf(ps)).not.toContain("dynamodb:GetItem");
  });
});
