import { defineCommand } from "citty";
import type { Config } from "../../config/types.ts";
import { toOpsError } from "../../errors.ts";
import { type CliContext, commonArgs, createCliContext } from "../context.ts";
import { parseFormat, print, renderJson, renderTable, terminalWidth } from "../output.ts";
import { type Runtime, withRuntime } from "../runtime.ts";
import { limitsCheck } from "./doctor-mcp.ts";
import { type ProbeReport, probeCheck } from "./doctor-probe.ts";

/**
 * `unchecked`: configured but not exercised (doctor never calls the model); `skip`: not used in
 * this mode, or left out (`--offline`). Only `fail` makes the exit code non-zero.
 */
interface Check {
  check: string;
  status: "ok" | "warn" | "fail" | "skip" | "unchecked";
  detail: string;
}

export default defineCommand({
  meta: {
    name: "doctor",
    description: "Check configuration, credential mode, read-only settings, plugins and the MCP server",
  },
  args: {
    ...commonArgs,
    offline: { type: "boolean", description: "Skip checks that call AWS (credentials, MCP tools/list)" },
    output: { type: "string", description: "table|json", valueHint: "format" },
  },
  async run({ args }) {
    const format = parseFormat(args.output, ["table", "json"], "table");
    const ctx = await createCliContext(args);
    const { config } = ctx;
    const accounts: Check = {
      check: "accounts",
      // Nothing to query is not a working setup: fail, so scripts and CI see it.
      status: config.accounts.length > 0 ? "ok" : "fail",
      detail: `${config.accounts.length} account(s) from ${ctx.sandbox ? "the sandbox organization" : (config.sources.accounts ?? "nowhere: add config/accounts.yaml")}`,
    };
    const checks: Check[] = [
      {
        check: "settings",
        status: "ok",
        detail: config.sources.settings ?? "built-in defaults (no config/ops-agent.yaml)",
      },
      accounts,
      ...provenanceChecks(config),
    ];
    let probe: ProbeReport | undefined;
    await withRuntime(ctx, async (runtime) => {
      const directory = runtime.directory.info();
      if (directory.source === "organizations") {
        // With discovery the registry may be empty: what counts is the directory the runtime serves.
        const served = runtime.directory.accounts().length;
        accounts.status = served > 0 ? "ok" : "fail";
        accounts.detail = `${served} account(s): ${config.accounts.length} in the registry ⊕ AWS Organizations (${directory.from_cache ? "from the cache" : `discovered, ${directory.calls} API calls`})`;
      }
      checks.push({
        check: "credential mode",
        status: "ok",
        detail: `${runtime.auth.mode}: ${runtime.auth.reason}`,
      });
      const widened = config.settings.readonly.allow_operations;
      checks.push({
        check: "read-only guard",
        status: widened.length > 0 ? "warn" : "ok",
        detail:
          widened.length > 0
            ? `WIDENED by readonly.allow_operations: ${widened.join(", ")}`
            : "read verbs only; credential-minting and secret reads refused",
      });
      checks.push({
        check: "tools",
        status: "ok",
        detail: `${runtime.executor.specs().length} tools (plugin dirs: ${config.settings.plugins.join(", ") || "none"})`,
      });
      checks.push(limitsCheck(config));
      checks.push(modelCheck(ctx));
      const remote = await remoteChecks(runtime, args.offline === true);
      checks.push(...remote.checks);
      probe = remote.probe;
    });
    if (format === "json") print(renderJson({ checks, ...(probe ? { probe } : {}) }));
    else {
      print(
        renderTable(
          checks,
          [
            { header: "check", value: (c) => c.check },
            { header: "status", value: (c) => c.status },
            { header: "detail", value: (c) => c.detail },
          ],
          { width: terminalWidth() },
        ),
      );
    }
    process.exitCode = checks.some((c) => c.status === "fail") ? 1 : 0;
  },
});

/** The model is never called by doctor: configured is not the same as working. */
function modelCheck(ctx: CliContext): Check {
  const model = ctx.config.settings.model;
  if (ctx.sandbox && !ctx.modelRequested) {
    return {
      check: "model",
      status: "skip",
      detail:
        "not used: --sandbox answers with the model-free planner (--model or OPS_AGENT_MODEL_ID to use one)",
    };
  }
  return {
    check: "model",
    status: "unchecked",
    detail: `${model.id} in ${model.region ?? ctx.config.settings.region} (configured; doctor does not call it)`,
  };
}

/** Where each non-default value came from: one line per key (file:line, env VAR, --flag, sandbox). */
function provenanceChecks(config: Config): Check[] {
  return Object.entries(config.provenance ?? {})
    .filter(([key]) => key !== "accounts")
    .map(([key, source]) => ({
      check: `setting ${key}`,
      status: "ok",
      detail: `${JSON.stringify(valueAt(config, key))} from ${source}`,
    }));
}

function valueAt(config: Config, key: string): unknown {
  const [root, ...rest] = key.split(".");
  let value: unknown =
    root === "env" ? config.env : (config.settings as unknown as Record<string, unknown>)[root ?? ""];
  for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

async function remoteChecks(
  runtime: Runtime,
  offline: boolean,
): Promise<{ checks: Check[]; probe?: ProbeReport }> {
  const endpoint = runtime.config.settings.mcp.endpoint;
  const account =
    runtime.executor.accounts().find((a) => a.role === "workload") ?? runtime.executor.accounts()[0];
  if (offline || !account) {
    const detail = `${endpoint} (${offline ? "--offline" : "no account to sign with"})`;
    return { checks: [{ check: "mcp server", status: "skip", detail }] };
  }
  const checks: Check[] = [];
  let probe: ProbeReport | undefined;
  try {
    const creds = await runtime.credentials.get(account.id);
    checks.push({
      check: `credentials ${account.name}`,
      status: "ok",
      detail: `${creds.source}, expires ${creds.expiration?.toISOString() ?? "never"}`,
    });
  } catch (error) {
    // Without credentials nothing else can be checked: say which part is missing, once.
    const e = toOpsError(error);
    const detail = `${e.code}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
    return {
      checks: [
        { check: `credentials ${account.name}`, status: "fail", detail },
        { check: "mcp server", status: "skip", detail: `${endpoint} (no credentials to sign with)` },
      ],
    };
  }
  try {
    const tools = await runtime.mcp.listTools(account.id, AbortSignal.timeout(15_000));
    const script = runtime.config.settings.mcp.script_tool;
    const found = tools.some((t) => t.name === script);
    checks.push({
      check: "mcp server",
      status: found ? "ok" : "fail",
      detail: found
        ? `${endpoint}: ${tools.length} tools, ${script} present`
        : `${endpoint} does not offer ${script} (tools: ${tools.map((t) => t.name).join(", ") || "none"}); ops-agent cannot run its tools there`,
    });
    if (found) {
      // First contact: what the script sandbox has, then one real tool script end to end.
      const probed = await probeCheck(runtime, account);
      probe = probed.probe;
      checks.push(probed.check, await scriptCheck(runtime, account.id));
    }
  } catch (error) {
    const e = toOpsError(error);
    checks.push({
      check: "mcp server",
      status: "fail",
      detail: `${e.code}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`,
    });
  }
  return { checks, probe };
}

/** One real tool call end to end: proves the generated script runs on this server under the member role. */
async function scriptCheck(runtime: Runtime, accountId: string): Promise<Check> {
  const tool = "ec2_describe_vpcs";
  const region = runtime.config.settings.region;
  const result = await runtime.executor.invoke(
    tool,
    { accounts: [accountId], regions: [region] },
    { noCache: true },
  );
  const unit = result.results[0];
  const where = `${tool} in ${unit?.account_name ?? accountId}/${region}`;
  if (!unit?.ok) {
    return {
      check: "script run",
      status: "fail",
      detail: `${where}: ${unit?.error?.code}: ${unit?.error?.message}`,
    };
  }
  const items = unit.data.items.length;
  return {
    check: "script run",
    status: "ok",
    detail: `${where}: ${items} item(s) in ${unit.duration_ms} ms`,
  };
}
