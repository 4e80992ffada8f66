import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OpsError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { BUILTIN_PLUGINS, type PluginText } from "./builtin.ts";
import type { ToolDef } from "./format.ts";
import { checkAllowOperations, checkOperation } from "./guard.ts";
import { failPlugin, parsePlugin } from "./parse.ts";
import { createPluginTool } from "./tool.ts";
import type { PluginSet, PluginTool } from "./types.ts";

export interface LoadPluginsOptions {
  /** Plugin directories (already resolved); their `*.yaml`/`*.yml` files add or override built-ins. */
  dirs: string[];
  /** `readonly.allow_operations`: the only way to widen the read-only guard. */
  allowOperations: string[];
  logger: Logger;
  readFile?: (path: string) => string;
  listDir?: (dir: string) => string[];
  /** Embedded plugins; the built-in set unless a test replaces it. */
  builtins?: readonly PluginText[];
}

/** Loads built-in and directory plugins; any invalid or non-read-only plugin fails with file and line. */
export function loadPlugins(options: LoadPluginsOptions): PluginSet {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const listDir = options.listDir ?? ((dir: string) => readdirSync(dir));
  checkAllowOperations(options.allowOperations);
  const builtins = loadLayer(options.builtins ?? BUILTIN_PLUGINS, options.allowOperations, true);
  const files: PluginText[] = [];
  for (const dir of options.dirs) {
    let names: string[];
    try {
      names = listDir(dir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort();
    } catch (cause) {
      throw new OpsError("E_PLUGIN", `cannot read plugin directory ${dir}`, {
        cause,
        hint: "check `plugins` in the settings",
      });
    }
    for (const name of names) files.push({ file: join(dir, name), text: read(readFile, join(dir, name)) });
  }
  const extra = loadLayer(files, options.allowOperations, false);
  const byName = new Map(builtins.map((t) => [t.name, t]));
  const overridden: string[] = [];
  for (const tool of extra) {
    const previous = byName.get(tool.name);
    if (previous) {
      overridden.push(tool.name);
      options.logger.info("plugin tool overrides a built-in", {
        tool: tool.name,
        source: tool.source,
        builtin: previous.source,
      });
    }
    byName.set(tool.name, tool);
  }
  return { tools: [...byName.values()], overridden };
}

function read(readFile: (path: string) => string, path: string): string {
  try {
    return readFile(path);
  } catch (cause) {
    throw new OpsError("E_PLUGIN", `cannot read plugin file ${path}`, { cause });
  }
}

/** One layer (built-ins, or all plugin directories): tool names must be unique within it. */
function loadLayer(
  files: readonly PluginText[],
  allowOperations: readonly string[],
  trusted: boolean,
): PluginTool[] {
  const tools: PluginTool[] = [];
  const seen = new Map<string, string>();
  for (const { file, text } of files) {
    const { plugin, where: at, toolLine } = parsePlugin(file, text, trusted);
    plugin.tools.forEach((def, i) => {
      const where = (...path: Array<string | number>) => at(["tools", i, ...path]);
      checkTool(plugin.service, def, where, allowOperations);
      const earlier = seen.get(def.name);
      if (earlier) failPlugin([`${where("name")}: duplicate tool name "${def.name}" (also in ${earlier})`]);
      seen.set(def.name, `${file}:${toolLine(i)}`);
      tools.push(createPluginTool(plugin.service, def, `${file}:${toolLine(i)}`, allowOperations));
    });
  }
  return tools;
}

function checkTool(
  service: string,
  def: ToolDef,
  where: (...path: Array<string | number>) => string,
  allowOperations: readonly string[],
): void {
  const problems: string[] = [];
  const prefix = `${service.replace(/-/g, "_")}_`;
  if (!def.name.startsWith(prefix)) problems.push(`${where("name")}: tool names must start with "${prefix}"`);
  const props = def.input?.properties ?? {};
  for (const r of def.input?.required ?? []) {
    if (!(r in props)) problems.push(`${where("input", "required")}: "${r}" is not an input property`);
  }
  // Input validators compile on first use (start-up stays fast); their only fallible part is checked here.
  for (const [key, prop] of Object.entries(props)) {
    for (const pattern of [prop.pattern, prop.items?.pattern]) {
      try {
        if (pattern !== undefined) new RegExp(pattern, "u");
      } catch (error) {
        problems.push(
          `${where("input", "properties", key)}: invalid input schema: ${(error as Error).message}`,
        );
      }
    }
  }
  for (const [key, m] of Object.entries(def.map ?? {})) {
    if (!(key in props)) problems.push(`${where("map", key)}: "${key}" is not an input property`);
    const kinds = [m.param, m.filter, m.tag_filter, m.where].filter((k) => k !== undefined).length;
    if (kinds !== 1)
      problems.push(`${where("map", key)}: give exactly one of param, filter, tag_filter, where`);
    if (m.as_list && !m.param) problems.push(`${where("map", key)}: as_list needs param`);
  }
  (def.follow ?? []).forEach((f, j) => {
    if (f.batch && (f.into || f.on_error))
      problems.push(`${where("follow", j)}: into and on_error are per item, not with batch`);
  });
  if (def.parent) problems.push(...parentProblems(def, where));
  if (problems.length) failPlugin(problems);
  const ops: Array<[string, Array<string | number>]> = [
    [def.operation, ["operation"]],
    ...(def.follow ?? []).map((f, j): [string, Array<string | number>] => [
      f.operation,
      ["follow", j, "operation"],
    ]),
    ...(def.parent
      ? [[def.parent.operation, ["parent", "operation"]] as [string, Array<string | number>]]
      : []),
  ];
  for (const [op, path] of ops) {
    const verdict = checkOperation(service, op, allowOperations);
    if (!verdict.ok) {
      throw new OpsError("E_READONLY", `${where(...path)}: ${verdict.error.message}`, {
        hint: verdict.error.hint,
        details: { ...verdict.error.details, at: where(...path) },
      });
    }
  }
}

/** `parent.param` is what an optional argument maps to, so the parent can be named or left out. */
function parentProblems(def: ToolDef, where: (...path: Array<string | number>) => string): string[] {
  const param = def.parent!.param;
  const inputs = Object.entries(def.map ?? {}).filter(([, m]) => m.param === param);
  if (inputs.length !== 1)
    return [`${where("parent", "param")}: "${param}" must be the param of exactly one map entry`];
  const [input] = inputs[0]!;
  if ((def.input?.required ?? []).includes(input))
    return [`${where("input", "required")}: "${input}" names the parent, so it must be optional`];
  if (Object.hasOwn(def.params ?? {}, param))
    return [`${where("params", param)}: a fixed "${param}" would always name the parent`];
  return [];
}
