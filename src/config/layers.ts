import { isObject } from "../_json.ts";
import type { Account, AwsEnvironment, Settings } from "./types.ts";

/** Any nested part of a settings object (what a file, the environment, a flag or an overlay sets). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * One source of configuration values, applied in order over the defaults: the settings file, the
 * environment, command-line flags, then overlays (the sandbox). `source` names it for `doctor`
 * (`config/ops-agent.yaml:12`, `env AWS_REGION`, `--model`, `sandbox`); `sourceOf` can name a more
 * precise place per dotted key (a file's line).
 */
export interface ConfigLayer {
  source: string;
  sourceOf?: (path: string) => string | undefined;
  settings?: DeepPartial<Settings>;
  /** Replaces the registry (the sandbox organization). */
  accounts?: Account[];
  /** Endpoint overrides for AWS clients (the sandbox's STS). */
  endpoints?: Partial<AwsEnvironment["endpoints"]>;
}

/** Dotted key → where its value came from; keys at their default are absent. */
export type Provenance = Record<string, string>;

/**
 * Merges `override` into `base` (objects by key, arrays and scalars replaced, `null` clears) and
 * records the source of every leaf it sets.
 */
export function mergeLayer<T>(base: T, override: unknown, record: (path: string) => void, prefix = ""): T {
  if (!isObject(base) || !isObject(override)) {
    if (override === undefined) return base;
    record(prefix);
    return (override === null ? undefined : override) as T;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    out[key] = mergeLayer(out[key], value, record, path);
  }
  return out as T;
}

/** Freezes a plain data tree in place (objects and arrays), so nothing can rewrite it after loading. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
