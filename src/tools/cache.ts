/**
 * A short result cache for identical calls (same account, region, tool and arguments). Only
 * successful results are stored; entries expire after `ttlMs`. Size is bounded so a long-running
 * `serve` cannot grow without limit.
 */
export interface ResultCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  readonly enabled: boolean;
}

export interface ResultCacheOptions {
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
}

export function createResultCache<T>({ ttlMs, now, maxEntries = 5000 }: ResultCacheOptions): ResultCache<T> {
  const entries = new Map<string, { value: T; expires: number }>();
  return {
    enabled: ttlMs > 0,
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { value, expires: now() + ttlMs });
      // Maps iterate in insertion order: the first key is the oldest.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` give the same cache key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function cacheKey(
  accountId: string,
  region: string,
  tool: string,
  args: Record<string, unknown>,
): string {
  return `${accountId}\u0000${region}\u0000${tool}\u0000${canonicalJson(args)}`;
}
