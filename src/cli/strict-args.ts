import type { ArgsDef } from "citty";
import { OpsError } from "../errors.ts";
import { closest } from "../suggest.ts";

interface FlagDef {
  type?: string;
  alias?: string | string[];
}

/** Every spelling a command accepts: `--name`, its aliases, `--no-name` for booleans. */
function spellings(def: ArgsDef): Map<string, "boolean" | "string"> {
  const names = new Map<string, "boolean" | "string">();
  for (const [name, raw] of Object.entries(def)) {
    const arg = raw as FlagDef;
    if (arg.type === "positional") continue;
    const kind = arg.type === "boolean" ? "boolean" : "string";
    const aliases = arg.alias === undefined ? [] : Array.isArray(arg.alias) ? arg.alias : [arg.alias];
    for (const n of [name, ...aliases]) {
      names.set(n, kind);
      if (kind === "boolean") names.set(`no-${n}`, "boolean");
    }
  }
  return names;
}

const dashes = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

/**
 * Rejects what citty would silently ignore: an unknown or misspelled flag (`--acounts`), a value
 * flag without its value, a value given to a switch. `command` names where it was given, for the
 * message; `--help` and `-h` are handled before this runs.
 */
export function checkFlags(rawArgs: readonly string[], def: ArgsDef, command: string): void {
  const known = spellings(def);
  const positionals = Object.values(def).filter((a) => (a as FlagDef).type === "positional").length;
  const extra = (arg: string) =>
    new OpsError("E_USAGE", `unexpected argument "${arg}" for ${command}`, {
      hint: command === "ask" ? 'quote the question: ops-agent ask "…"' : `see ops-agent ${command} --help`,
    });
  let seen = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") {
      if (seen + rawArgs.length - i - 1 > positionals) throw extra(rawArgs[i + 1 + positionals - seen]!);
      return;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      if (++seen > positionals) throw extra(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.replace(/^--?/, "").slice(0, eq < 0 ? undefined : eq - (arg.startsWith("--") ? 2 : 1));
    const kind = known.get(name);
    // citty reads `-accounts` as the switches -a -c -c -o -u -n -t: a long name takes two dashes.
    if (!arg.startsWith("--") && name.length > 1) {
      const near = kind
        ? name
        : closest(
            name,
            [...known.keys()].filter((k) => !k.startsWith("no-")),
          );
      throw new OpsError(
        "E_USAGE",
        `unknown flag ${arg.slice(0, eq < 0 ? undefined : eq)} for ${command}${near ? ` (did you mean --${near}?)` : ""}`,
        { hint: "long flags take two dashes" },
      );
    }
    if (!kind) {
      const near = closest(
        name,
        [...known.keys()].filter((k) => !k.startsWith("no-")),
      );
      throw new OpsError(
        "E_USAGE",
        `unknown flag ${arg.slice(0, eq < 0 ? undefined : eq)} for ${command}${near ? ` (did you mean ${dashes(near)}?)` : ""}`,
        { hint: `ops-agent ${command === "ops-agent" ? "" : `${command} `}--help lists its flags` },
      );
    }
    if (kind === "boolean") {
      if (eq >= 0 && !/^(true|false)$/.test(arg.slice(eq + 1))) {
        throw new OpsError("E_USAGE", `${dashes(name)} is a switch and takes no value (got "${arg}")`);
      }
      continue;
    }
    if (eq >= 0) continue;
    const value = rawArgs[i + 1];
    if (value === undefined || (value.startsWith("--") && value.length > 2)) {
      throw new OpsError("E_USAGE", `${dashes(name)} needs a value`);
    }
    i++;
  }
}

/**
 * Where the subcommand name sits in argv: the first word that is not a flag or a flag's value
 * (flags before it are the root's common flags). -1 when there is none.
 */
export function subCommandIndex(rawArgs: readonly string[], rootDef: ArgsDef): number {
  const known = spellings(rootDef);
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") return -1;
    if (!arg.startsWith("-")) return i;
    if (!arg.includes("=") && known.get(arg.replace(/^--?/, "")) === "string") i++;
  }
  return -1;
}
