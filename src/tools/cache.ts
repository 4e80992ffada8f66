/**
 * A short result cache for identical calls (same account, region, tool and arguments). Only
 * successful results are stored; entries expire after `ttlMs`. Bounded in entries and in bytes (the
 * JSON size of each value), oldest dropped first, so a long-running `serve` cannot grow without limit;
 * a value larger than a quarter of the byte budget is not kept at all.
 */
export interface ResultCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  readonly enabled: boolean;
  /** Bytes held now (JSON size of the values plus their keys). */
  bytes(): number;
}

export interface ResultCacheOptions {
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
  /** Byte budget of all entries (`executor.cache_max_bytes`). */
  maxBytes?: number;
}

export function createResultCache<T>({
  ttlMs,
  now,
  maxEntries = 5000,
  maxBytes = 64 * 1024 * 1024,
}: ResultCacheOptions): ResultCache<T> {
  const entries = new Map<string, { value: T; expires: number; size: number }>();
  let total = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    total -= entry.size;
    entries.delete(key);
  };
  return {
    enabled: ttlMs > 0 && maxBytes > 0,
    bytes: () => total,
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        drop(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      if (ttlMs <= 0) return;
      drop(key);
      const size = key.length + (JSON.stringify(value)?.length ?? 0);
      if (size > maxBytes / 4) return;
      entries.set(key, { value, expires: now() + ttlMs, size });
      total += size;
      // Maps iterate in insertion order: the first key is the oldest.
      while (entries.size > maxEntries || total > maxBytes) drop(entries.keys().next().value as string);
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
