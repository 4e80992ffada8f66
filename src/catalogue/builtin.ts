import { type Catalogue, createCatalogue } from "./catalogue.ts";
import text from "./data/catalogue.jsonl" with { type: "text" };
import index from "./data/index.json" with { type: "json" };
import type { ServiceCatalogue } from "./types.ts";

let builtin: Catalogue | undefined;

/**
 * The catalogue generated into src/catalogue/data (scripts/gen-catalogue.ts) and embedded in the binary:
 * one line per service, `name<TAB>json`; a service's JSON is parsed on first use.
 */
export function builtinCatalogue(): Catalogue {
  if (builtin) return builtin;
  const loaders: Record<string, () => ServiceCatalogue> = {};
  let start = 0;
  while (start < text.length) {
    const tab = text.indexOf("\t", start);
    const end = text.indexOf("\n", tab);
    const [from, to] = [tab + 1, end < 0 ? text.length : end];
    loaders[text.slice(start, tab)] = () => JSON.parse(text.slice(from, to)) as ServiceCatalogue;
    start = to + 1;
  }
  builtin = createCatalogue({ source: index.source, version: index.version }, loaders);
  return builtin;
}
