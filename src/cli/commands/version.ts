import { defineCommand } from "citty";
import { VERSION } from "../../version.ts";
import { parseFormat, print, renderJson } from "../output.ts";

export default defineCommand({
  meta: { name: "version", description: "Print the version, runtime and platform" },
  args: { output: { type: "string", description: "text|json", valueHint: "format" } },
  run({ args }) {
    const format = parseFormat(args.output, ["text", "json"], "text");
    const info = { version: VERSION, bun: Bun.version, platform: `${process.platform}-${process.arch}` };
    print(
      format === "json" ? renderJson(info) : `ops-agent ${info.version} (bun ${info.bun}, ${info.platform})`,
    );
  },
});
