import { isObject } from "../_json.ts";
import template from "./template.py" with { type: "text" };

/**
 * The doctor's probe of a script sandbox: a tiny fixed script that imports, one by one, every module
 * the tool template imports and reports which came in, whether `call_boto3` is in scope and the
 * Python version. It calls no AWS API. The module list is read from template.py itself, so a module
 * the template starts to use is probed without anyone remembering to.
 */
export interface TemplateImport {
  module: string;
  /** Imported at the top of the template: without it no tool script runs. Otherwise the template adapts. */
  required: boolean;
}

/** What the probe found (the script's answer once the server's envelope is off). */
export interface ProbeFindings {
  modules: Record<string, boolean>;
  callBoto3: boolean;
  python: string | null;
}

/** `import x` / `from x import y` lines of a template; indented ones sit in a `try` with a fallback. */
export function templateImports(text: string): TemplateImport[] {
  const found = new Map<string, boolean>();
  for (const m of text.matchAll(/^([ \t]*)(?:import|from)[ \t]+([A-Za-z_][\w.]*)/gm)) {
    const required = m[1] === "";
    found.set(m[2]!, (found.get(m[2]!) ?? false) || required);
  }
  return [...found].map(([module, required]) => ({ module, required }));
}

export const TEMPLATE_IMPORTS: TemplateImport[] = templateImports(template);

/** One `try: import m` per module: a sandbox that refuses one import still answers for the others. */
function renderProbe(modules: string[]): string {
  const lines = [
    "# ops-agent doctor probe: which modules of the tool template import here; calls no AWS API.",
    "found = {}",
  ];
  for (const m of modules) {
    lines.push(
      "try:",
      `    import ${m}`,
      `    found["${m}"] = True`,
      "except Exception:",
      `    found["${m}"] = False`,
    );
  }
  lines.push(
    "try:",
    "    call_boto3",
    "    has_call = True",
    "except NameError:",
    "    has_call = False",
    "try:",
    "    import sys",
    "    version = sys.version.split()[0]",
    "except Exception:",
    "    version = None",
    'return {"ops_probe": 1, "modules": found, "call_boto3": has_call, "python": version}',
  );
  return `${lines.join("\n")}\n`;
}

export const PROBE_SCRIPT: string = renderProbe(TEMPLATE_IMPORTS.map((i) => i.module));

export const isProbeScript = (code: string) => code === PROBE_SCRIPT;

/** The probe's answer where every module imports (the sandbox, which evaluates scripts in TypeScript). */
export function fullProbeAnswer(): Record<string, unknown> {
  const modules = Object.fromEntries(TEMPLATE_IMPORTS.map((i) => [i.module, true]));
  return { ops_probe: 1, modules, call_boto3: true, python: null };
}

/** The probe's answer read back; undefined when the value is not one (the server answered something else). */
export function readProbeAnswer(value: unknown): ProbeFindings | undefined {
  if (!isObject(value) || value.ops_probe !== 1 || !isObject(value.modules)) return undefined;
  const modules: Record<string, boolean> = {};
  for (const { module } of TEMPLATE_IMPORTS) modules[module] = value.modules[module] === true;
  return {
    modules,
    callBoto3: value.call_boto3 === true,
    python: typeof value.python === "string" ? value.python : null,
  };
}
