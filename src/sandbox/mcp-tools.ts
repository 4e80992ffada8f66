import { type CallToolResult, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log.ts";
import { fullProbeAnswer, isProbeScript } from "../plugins/probe.ts";
import { splitSharedScript } from "../plugins/shared-script.ts";
import { maskAccessKey } from "../redact.ts";
import type { SimulatedAws } from "./aws.ts";
import { extractSpec } from "./extract-spec.ts";
import type { IssuedCredentials } from "./keys.ts";
import type { SimTool, SimToolContext } from "./mcp-sim-server.ts";
import { runSpec } from "./run-spec.ts";

/**
 * The tools of the sandbox AWS MCP Server (served by the simulator, `mcp-simulator.ts`):
 * - `aws___run_script` runs ops-agent's generated tool scripts: the call spec is read back from the
 *   script (`extractSpec`, which refuses anything but our fixed template) and interpreted by `runSpec`
 *   with `call_boto3` answered from the calling account's simulated data. Any other Python is refused.
 * - `aws___list_regions` lists the regions of the sandbox organization.
 *
 * Envelope (the real server's is undocumented; this mirrors FastMCP returning a dict): the result as
 * JSON text in `content[0].text` and the same object as `structuredContent`. Failed AWS calls that the
 * script does not handle come back as `isError: true` with botocore's message (`An error occurred
 * (AccessDenied) when calling the X operation: …`), as the real server reports script exceptions.
 */
export interface McpToolsOptions {
  aws: SimulatedAws;
  logger: Logger;
  regions: string[];
  /** `structured` (default): text and structuredContent; `text`: JSON text only. */
  envelope?: "structured" | "text";
}

const RUN_SCRIPT = {
  name: "aws___run_script",
  description:
    "Run a Python script body with `await call_boto3(service_name, operation_name, region_name, params)`. Sandbox: only ops-agent tool scripts run here.",
  inputSchema: { type: "object" as const, properties: { code: { type: "string" } }, required: ["code"] },
};
const LIST_REGIONS = {
  name: "aws___list_regions",
  description: "List the AWS regions available to the caller.",
  inputSchema: { type: "object" as const, properties: {} },
};

/** The sandbox's tools; `lookup` resolves the credentials the sandbox STS issued for a signing key. */
export function createSandboxTools(
  options: McpToolsOptions,
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
): SimTool[] {
  const callTool = async (
    name: string,
    args: Record<string, unknown>,
    ctx: SimToolContext,
  ): Promise<CallToolResult> => {
    const who = lookup(ctx.accessKeyId);
    if (!who) throw new Error("request without a verified identity");
    const region = ctx.region;
    if (typeof region !== "string" || region === "") {
      throw new McpError(ErrorCode.InvalidParams, "params._meta.AWS_REGION is required by this endpoint");
    }
    const log = options.logger.child({
      account: who.account.name,
      key: maskAccessKey(who.accessKeyId),
      region,
    });
    if (name === LIST_REGIONS.name) {
      return envelope({ regions: options.regions.map((r) => ({ region_id: r })) }, options.envelope);
    }
    const code = args.code;
    if (typeof code !== "string") throw new McpError(ErrorCode.InvalidParams, "code: a string is required");
    // doctor's probe (src/plugins/probe.ts): this sandbox has every module the template imports.
    if (isProbeScript(code)) return envelope(fullProbeAnswer(), options.envelope);
    // A shared script (src/plugins/shared-script.ts): each part runs as its own script, answers in order.
    const parts = splitSharedScript(code);
    log.debug("sandbox mcp: run_script", { parts: parts?.length ?? 1 });
    const run = { who, region, log };
    if (parts) {
      const ran = await Promise.all(parts.map((part) => runTemplate(part, run)));
      const refused = ran.find((r) => "refused" in r);
      if (refused) return failure(String(refused.refused));
      const calls = ran.map((r) => ("value" in r ? r.value : { failed: (r as { failed: string }).failed }));
      return envelope({ v: 3, calls }, options.envelope);
    }
    const one = await runTemplate(code, run);
    if ("value" in one) return envelope(one.value, options.envelope);
    return failure("refused" in one ? one.refused : one.failed);
  };

  /** One tool script: its value, a failure (the script raised) or a refusal (not our template). */
  async function runTemplate(
    code: string,
    { who, region, log }: { who: IssuedCredentials; region: string; log: Logger },
  ): Promise<{ value: object } | { failed: string } | { refused: string }> {
    let spec: ReturnType<typeof extractSpec>;
    try {
      spec = extractSpec(code);
    } catch (error) {
      return { refused: `The sandbox runs only ops-agent tool scripts: ${(error as Error).message}` };
    }
    const started = performance.now();
    log.debug("sandbox mcp: signed call", { operation: `${spec.service}:${spec.operation}` });
    try {
      const result = await runSpec(spec, async (service, operation, callRegion, params) => {
        log.debug("sandbox aws: call_boto3", {
          operation: `${service}:${operation}`,
          call_region: callRegion,
        });
        return options.aws.call(who.account, service, operation, callRegion || region, params, who.principal);
      });
      log.debug("sandbox mcp: result", {
        operation: `${spec.service}:${spec.operation}`,
        regions: result.regions.length,
        failed: result.regions.filter((r) => "error" in r).length,
        duration_ms: Math.round(performance.now() - started),
      });
      return { value: result };
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log.debug("sandbox mcp: script failed", {
        operation: `${spec.service}:${spec.operation}`,
        error: text,
      });
      return { failed: text };
    }
  }
  return [RUN_SCRIPT, LIST_REGIONS].map((tool) => ({
    ...tool,
    call: (args, ctx) => callTool(tool.name, args, ctx),
  }));
}

function envelope(value: object, mode: McpToolsOptions["envelope"]): CallToolResult {
  const content = [{ type: "text" as const, text: JSON.stringify(value) }];
  return mode === "text" ? { content } : { content, structuredContent: value as Record<string, unknown> };
}

function failure(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}
