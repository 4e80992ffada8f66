import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { type Document, isNode, isScalar, LineCounter, type Node, parseDocument, visit } from "yaml";
import { closest } from "../suggest.ts";
import { isKnownRegion, suggestRegions } from "./regions.ts";

/** One problem in a source file, with where it is and what was expected. */
export interface SourceProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. `accounts[2].id`. */
  path: string;
  message: string;
}

/** A parsed YAML (or JSON) document that can point at any of its fields. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  value: unknown;
  /** Syntax errors; when present `value` must not be used. */
  problems: SourceProblem[];
  locate(path: ReadonlyArray<string | number>): { line: number; column: number };
  /** 1-based line and column of a character offset in `text`. */
  position(offset: number): { line: number; column: number };
  nodeAt(path: ReadonlyArray<string | number>): Node | undefined;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out || "(top level)";
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const nodeAt = (path: ReadonlyArray<string | number>): Node | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node)) return node;
    }
    return undefined;
  };
  const problems: SourceProblem[] = doc.errors.map((error) => ({
    file,
    ...position(error.pos[0]),
    path: "",
    message: `invalid YAML: ${error.message.split("\n")[0]}`,
  }));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // An alias bomb (aliases of aliases, billions of nodes once expanded): a positioned problem, not E_INTERNAL.
      problems.push({
        file,
        ...firstAlias(doc, position),
        path: "",
        message: `invalid YAML: ${aliasMessage(error)}`,
      });
    }
  }
  return {
    file,
    text,
    doc,
    value,
    problems,
    nodeAt,
    position,
    locate(path) {
      const node = nodeAt(path);
      return node?.range ? position(node.range[0]) : { line: 1, column: 1 };
    },
  };
}

/** Alias expansions one document may make (the yaml package's own bound; a bomb needs millions). */
const MAX_ALIAS_COUNT = 100;

function aliasMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /alias/i.test(text)
    ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): a YAML alias bomb? write the values out instead`
    : text.split("\n")[0]!;
}

function firstAlias(doc: Document.Parsed, position: (offset: number) => { line: number; column: number }) {
  let at: { line: number; column: number } = { line: 1, column: 1 };
  visit(doc, {
    Alias(_key, node) {
      if (node.range) at = position(node.range[0]);
      return visit.BREAK;
    },
  });
  return at;
}

/**
 * Reads a scalar's exact source text. YAML turns `012345678901` into the number 12345678901; for
 * account ids we need the digits as written.
 */
export function sourceTextAt(source: YamlSource, path: ReadonlyArray<string | number>): string | undefined {
  const node = source.doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return source.text.slice(node.range[0], node.range[1]).trim();
}

/** Also the options of the ahead-of-time validators (scripts/gen-validators.ts): errors read the same. */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;
let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiled on first use (Ajv generates code: costly, so never before `serve` listens) and cached. */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    if (!ajv) {
      // Loaded on first use: evaluating Ajv costs milliseconds `serve` spends before it listens, and
      // the settings and registry need no Ajv at run time (src/config/validators.generated.ts).
      const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
      ajv = new AjvClass(AJV_OPTIONS);
      /** `format: aws-region`: a region the AWS SDK's partition metadata knows (any case), or `all` where allowed. */
      ajv.addFormat("aws-region", (value: string) => isKnownRegion(value));
    }
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function describe(error: ErrorObject, known: string[]): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      const near = closest(key, known);
      return `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ""}`;
    }
    case "required":
      return `missing required key "${String(p.missingProperty)}"`;
    case "type":
      return `expected ${String(p.type)}`;
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const near = typeof error.data === "string" ? closest(error.data, allowed) : undefined;
      return `expected one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}${near ? ` (did you mean "${near}"?)` : ""}`;
    }
    case "format": {
      if (p.format !== "aws-region") return error.message ?? error.keyword;
      const near = suggestRegions(String(error.data));
      return `unknown AWS region "${String(error.data)}"${near.length > 0 ? ` (did you mean "${near[0]}"?)` : ""}`;
    }
    case "pattern": {
      const custom = (error.parentSchema as { "x-message"?: string } | undefined)?.["x-message"];
      return custom ?? `does not match ${String(p.pattern)}`;
    }
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Property names of the schema object that raised `error`. Ajv reports `schemaPath` relative to a `$ref`
 * target (`#/additionalProperties` inside `#/definitions/tool`), so walking it from the root finds the wrong
 * object; `parentSchema` (verbose mode) is the object itself.
 */
function knownProperties(error: ErrorObject): string[] {
  const parent = error.parentSchema as { properties?: object } | undefined;
  return Object.keys(parent?.properties ?? {});
}

/** Validates `value` against `schema` and maps each error to file, line, column and field path. */
export function validateAgainst(
  schema: object | ValidateFunction,
  value: unknown,
  source: YamlSource,
  basePath: ReadonlyArray<string | number> = [],
): SourceProblem[] {
  const validate = typeof schema === "function" ? (schema as ValidateFunction) : compileSchema(schema);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: SourceProblem[] = [];
  for (const error of validate.errors ?? []) {
    const path: Array<string | number> = [
      ...basePath,
      ...error.instancePath
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    ];
    const extra =
      error.keyword === "additionalProperties" ? String(error.params.additionalProperty) : undefined;
    const at = extra ? [...path, extra] : path;
    const message = describe(error, knownProperties(error));
    const key = `${formatPath(at)}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const located = extra ? locateKey(source, path, extra) : source.locate(at);
    problems.push({ file: source.file, ...located, path: formatPath(at), message });
  }
  return problems;
}

function locateKey(source: YamlSource, parentPath: ReadonlyArray<string | number>, key: string) {
  const parent = source.nodeAt(parentPath) as { items?: Array<{ key?: Node }> } | undefined;
  const pair = parent?.items?.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return pair?.key?.range ? source.position(pair.key.range[0]) : source.locate(parentPath);
}

export function formatProblem(p: SourceProblem): string {
  return `${p.file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ""}: ${p.message}`;
}
