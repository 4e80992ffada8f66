import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

// Imports point one way (AGENTS.md, "Layout"): each top folder (or top-level file) of src/ sits in one layer,
// listed from the front ends down to the leaves. A file imports only its own folder and folders of lower
// layers; folders of one layer do not import each other. AGENTS.md prints the same list (checked below).
const LAYERS: string[][] = [
  ["cli"],
  ["server"],
  ["planner"],
  ["agent"],
  ["results", "org"],
  ["tools", "sandbox"],
  ["plugins"],
  ["catalogue", "mcp"],
  ["telemetry"],
  ["credentials"],
  ["config"],
  ["_async.ts", "_json.ts", "errors.ts", "log.ts", "suggest.ts", "text-table.ts", "version.ts"],
  ["redact.ts"],
];

const ROOT = resolve(import.meta.dir, "../..");
const SRC = join(ROOT, "src");
const RANK = new Map(LAYERS.flatMap((layer, rank) => layer.map((name) => [name, rank] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** `src/tools/select.ts` → `tools`; `src/errors.ts` → `errors.ts`; outside src (plugins/*.yaml, package.json) → undefined. */
function topOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith("..")) return undefined;
  return rel.split(sep)[0];
}

interface Edge {
  file: string;
  specifier: string;
  from: string;
  to: string;
}

/** Every relative import of every src/**\/*.ts: static, `import type`, `export … from`, `import("…")`, `typeof import("…")`. */
function imports(): Edge[] {
  return sources(SRC).flatMap((path) => {
    const from = topOf(path)!;
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    return importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith("."))
      .flatMap((specifier) => {
        const to = topOf(resolve(dirname(path), specifier));
        return to === undefined ? [] : [{ file: relative(ROOT, path), specifier, from, to }];
      });
  });
}

const show = (edge: Edge) => `${edge.file}: "${edge.specifier}" (${edge.from} -> ${edge.to})`;

describe("import direction", () => {
  const scanned = imports();
  const all = scanned.filter((edge) => edge.to !== edge.from);

  test("the scan sees static, type-only and dynamic imports", () => {
    const seen = (file: string, specifier: string) =>
      scanned.some((edge) => edge.file === file && edge.specifier === specifier);
    expect(seen("src/cli/main.ts", "../errors.ts")).toBe(true);
    expect(seen("src/telemetry/index.ts", "../log.ts")).toBe(true); // import type
    expect(seen("src/telemetry/index.ts", "./sdk.ts")).toBe(true); // await import("./sdk.ts")
  });

  test("every top folder and top-level file of src/ has a layer", () => {
    const names = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.name.endsWith(".ts"))
      .map((entry) => entry.name);
    expect(names.filter((name) => !RANK.has(name))).toEqual([]);
    expect([...RANK.keys()].filter((name) => !names.includes(name))).toEqual([]);
  });

  test("imports point to lower layers only", () => {
    const wrong = all.filter((edge) => !(RANK.get(edge.to)! > RANK.get(edge.from)!));
    expect(wrong.map(show)).toEqual([]);
  });

  test("sandbox/ imports nothing from agent/, planner/ or tools/", () => {
    const wrong = all.filter(
      (edge) => edge.from === "sandbox" && ["agent", "planner", "tools"].includes(edge.to),
    );
    expect(wrong.map(show)).toEqual([]);
  });

  test("AGENTS.md states the same order", () => {
    const order = LAYERS.map((layer) => layer.map((name) => `\`${name}\``).join(", ")).join(" > ");
    const stated = readFileSync(join(ROOT, "AGENTS.md"), "utf8")
      .split("\n")
      .find((line) => line.startsWith("Layers: "));
    expect(stated).toBe(`Layers: ${order}`);
  });
});
