import { defineCommand } from "citty";
import { builtinCatalogue } from "../../catalogue/builtin.ts";
import { REGION_PROBE_ACTIONS } from "../../org/enabled-regions.ts";
import { buildPolicies } from "../../plugins/iam-policy.ts";
import { loadPlugins } from "../../plugins/load.ts";
import { DEFAULT_SERVICES } from "../../tools/aws-read.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { parseFormat, print, renderJson, renderYaml } from "../output.ts";

/**
 * Prints the least-privilege managed policies of the member-account role: the IAM actions of every
 * loaded tool (built-ins and plugin directories) and every read `aws_read` may call in the enabled
 * services, the denylist as explicit denies, each policy within 6,144 characters. Needs no
 * credentials and makes no network call.
 */
export default defineCommand({
  meta: {
    name: "iam-policy",
    description: "Print the least-privilege IAM policies for the member-account role",
  },
  args: {
    ...commonArgs,
    output: { type: "string", alias: ["format"], description: "json|yaml", valueHint: "format" },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["json", "yaml"], "json");
    const ctx = await createCliContext(args);
    await ctx.close();
    const { settings } = ctx.config;
    const { tools } = loadPlugins({
      dirs: settings.plugins,
      allowOperations: settings.readonly.allow_operations,
      logger: ctx.logger,
    });
    const policies = buildPolicies({
      catalogue: builtinCatalogue(),
      services: [...DEFAULT_SERVICES, ...(settings.services ?? [])],
      toolActions: [...tools.flatMap((t) => t.iamActions), ...REGION_PROBE_ACTIONS],
      allowOperations: settings.readonly.allow_operations,
    });
    const out = { policies: policies.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })) };
    print(format === "json" ? renderJson(out) : renderYaml(out));
  },
});
