import { defineCommand } from "citty";
import { iamPolicy } from "../../plugins/iam.ts";
import { loadPlugins } from "../../plugins/load.ts";
import { commonArgs, createCliContext } from "../context.ts";
import { parseFormat, print, renderJson, renderYaml } from "../output.ts";

/**
 * Prints the least-privilege policy of the member-account role: the IAM actions of every loaded
 * tool (built-ins and plugin directories). Needs no credentials and makes no network call.
 */
export default defineCommand({
  meta: {
    name: "iam-policy",
    description: "Print the least-privilege IAM policy for the member-account role",
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
    const policy = iamPolicy(tools);
    print(format === "json" ? renderJson(policy) : renderYaml(policy));
  },
});
