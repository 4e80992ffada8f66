import schema from "../../schema/plugin.schema.json" with { type: "json" };
import { formatProblem, parseYamlSource, validateAgainst, type YamlSource } from "../config/yaml-source.ts";
import { OpsError } from "../errors.ts";
import type { PluginFile } from "./format.ts";

type Path = ReadonlyArray<string | number>;

/** A plugin file that passed the JSON Schema, able to say where any of its fields is. */
export interface ParsedPlugin {
  plugin: PluginFile;
  /** `file:line:column field` of a path, for error messages. */
  where(path: Path): string;
  /** Line of `tools[index]`, for `PluginTool.source`. */
  toolLine(index: number): number;
}

/**
 * Parses and validates one plugin file. Built-ins (`trusted`) are embedded in the binary and pass the
 * JSON Schema in the tests, so they take Bun's native YAML parser (~50× faster than the locating one)
 * and skip the schema at run time: compiling it costs ~60 ms, on every command. The loader's semantic
 * checks and the read-only guard still run on them. A built-in the native parser refuses, and every file
 * from a plugin directory, goes through `parseYamlSource` and the schema, which reject duplicate keys and
 * locate each error (tests keep both paths equal).
 */
export function parsePlugin(file: string, text: string, trusted: boolean): ParsedPlugin {
  let located: YamlSource | undefined;
  const source = () => {
    located ??= parseYamlSource(text, file);
    return located;
  };
  const where = (path: Path) => {
    const { line, column } = source().locate(path);
    return `${file}:${line}:${column} ${formatField(path)}`;
  };
  if (trusted) {
    const value = parseNative(text);
    if (value !== undefined) {
      const plugin = value as PluginFile;
      return {
        plugin,
        where,
        toolLine: (i) => nameLine(text, plugin.tools[i]!.name) ?? source().locate(["tools", i]).line,
      };
    }
  }
  const parsed = source();
  const problems = parsed.problems.length ? parsed.problems : validateAgainst(schema, parsed.value, parsed);
  if (problems.length) failPlugin(problems.map(formatProblem));
  return { plugin: parsed.value as PluginFile, where, toolLine: (i) => parsed.locate(["tools", i]).line };
}

function parseNative(text: string): unknown {
  try {
    return Bun.YAML.parse(text);
  } catch {
    return undefined;
  }
}

/** The line of a tool's `name:` key (tool names are `[a-z0-9_]+`, safe inside a regex). */
function nameLine(text: string, name: string): number | undefined {
  const match = new RegExp(`^[ \\t]*(?:-[ \\t]+)?name:[ \\t]*["']?${name}["']?[ \\t]*$`, "m").exec(text);
  return match ? text.slice(0, match.index).split("\n").length : undefined;
}

function formatField(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
}

export function failPlugin(messages: string[]): never {
  throw new OpsError("E_PLUGIN", `invalid plugin: ${messages.join("; ")}`, {
    details: { problems: messages },
    hint: "fix the plugin file; its JSON Schema is schema/plugin.schema.json",
  });
}
