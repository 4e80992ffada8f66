import { operationKey } from "./names.ts";
import type { CatalogueSource, ServiceCatalogue } from "./types.ts";

/** The operation catalogue of the enabled services (built in, or built by a test from botocore). */
export interface Catalogue {
  /** Where the models came from and their version. */
  source: CatalogueSource;
  /** boto3 names of the services it covers, sorted. */
  services(): string[];
  service(name: string): ServiceCatalogue | undefined;
  /**
   * The canonical (PascalCase) name of `operation`, matched as AWS matches names: case-insensitively,
   * with `_`/`-` ignored (`describe-instances`, `describe_instances`, `DESCRIBEINSTANCES`).
   */
  resolve(service: string, operation: string): string | undefined;
}

/** A catalogue over per-service loaders; each service is parsed on first use and kept. */
export function createCatalogue(
  source: CatalogueSource,
  loaders: Readonly<Record<string, () => ServiceCatalogue>>,
): Catalogue {
  const loaded = new Map<string, ServiceCatalogue>();
  const keys = new Map<string, Map<string, string>>();
  const service = (name: string): ServiceCatalogue | undefined => {
    if (!Object.hasOwn(loaders, name)) return undefined;
    let entry = loaded.get(name);
    if (!entry) {
      entry = loaders[name]!();
      loaded.set(name, entry);
    }
    return entry;
  };
  return {
    source,
    services: () => Object.keys(loaders).sort(),
    service,
    resolve(name, operation) {
      const entry = service(name);
      if (!entry) return undefined;
      let index = keys.get(name);
      if (!index) {
        index = new Map(Object.keys(entry.ops).map((op) => [operationKey(op), op]));
        keys.set(name, index);
      }
      return index.get(operationKey(operation));
    },
  };
}
