import { defineCommand } from "citty";
import { VERSION } from "../../version.ts";
import { commonArgs, createCliContext } from "../context.ts";

export default defineCommand({
  meta: {
    name: "mcp",
    description: "Serve the multi-account tools to an MCP client over stdio (no model involved)",
  },
  args: { ...commonArgs },
  async run({ args }) {
    // stdout is the JSON-RPC channel: the CLI logger writes to stderr only.
    const ctx = await createCliContext(args);
    const [{ serveMcpStdio }, { withRuntime }] = await Promise.all([
      import("../../server/mcp-stdio.ts"),
      import("../runtime.ts"),
    ]);
    await withRuntime(ctx, (runtime) =>
      serveMcpStdio({ executor: runtime.executor, logger: ctx.logger, version: VERSION }),
    );
  },
});
