import { AwsServiceError } from "../aws-error.ts";
import { stringList } from "./types.ts";

/** Reads the values a filter name sees on one resource (EC2 filters match any of them). */
export type FilterReaders = Record<string, (resource: Record<string, unknown>) => unknown>;

interface Filter {
  Name: string;
  Values: string[];
}

/**
 * EC2's `Filters` (`[{Name, Values}]`) and id lists, as the API applies them: values within a filter
 * are ORed, filters are ANDed, `*` and `?` are wildcards, `tag:<key>` and `tag-key` work on every
 * resource. An unknown filter name is an `InvalidParameterValue`, as in EC2.
 */
export function applyFilters<T extends Record<string, unknown>>(
  resources: T[],
  params: Record<string, unknown>,
  readers: FilterReaders,
  operation: string,
): T[] {
  const filters = parseFilters(params.Filters, operation);
  for (const f of filters) {
    if (!f.Name.startsWith("tag:") && f.Name !== "tag-key" && !(f.Name in readers)) {
      throw new AwsServiceError("InvalidParameterValue", `The filter '${f.Name}' is invalid`, operation);
    }
  }
  return resources.filter((r) => filters.every((f) => matches(read(r, f.Name, readers), f.Values)));
}

function parseFilters(value: unknown, operation: string): Filter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new AwsServiceError("InvalidParameterValue", "Filters must be a list of {Name, Values}", operation);
  }
  return value.map((f) => {
    const name = (f as { Name?: unknown }).Name;
    const values = stringList((f as { Values?: unknown }).Values);
    if (typeof name !== "string" || !values) {
      throw new AwsServiceError("InvalidParameterValue", "Each filter needs a Name and Values", operation);
    }
    return { Name: name, Values: values };
  });
}

function read(resource: Record<string, unknown>, name: string, readers: FilterReaders): unknown {
  const tags = (resource.Tags ?? []) as Array<{ Key: string; Value: string }>;
  if (name.startsWith("tag:")) return tags.filter((t) => t.Key === name.slice(4)).map((t) => t.Value);
  if (name === "tag-key") return tags.map((t) => t.Key);
  return readers[name]?.(resource);
}

function matches(actual: unknown, wanted: string[]): boolean {
  const values = (Array.isArray(actual) ? actual : [actual]).filter((v) => v !== undefined && v !== null);
  return values.some((v) => wanted.some((w) => wildcard(w).test(String(v))));
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** Keeps resources whose id is listed (`InstanceIds`, `VolumeIds`…); unknown ids are NotFound errors. */
export function byIds<T extends Record<string, unknown>>(
  resources: T[],
  ids: unknown,
  idField: string,
  notFoundCode: string,
  operation: string,
): T[] {
  const wanted = stringList(ids);
  if (!wanted || wanted.length === 0) return resources;
  const missing = wanted.filter((id) => !resources.some((r) => r[idField] === id));
  if (missing.length > 0) {
    throw new AwsServiceError(
      notFoundCode,
      `The ${idField} '${missing.join(", ")}' does not exist`,
      operation,
    );
  }
  return resources.filter((r) => wanted.includes(String(r[idField])));
}
