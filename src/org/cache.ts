import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import type { OrgSnapshot } from "./discover.ts";
import type { RegionListing } from "./enabled-regions.ts";

/** What one discovery leaves behind: the organization as read, and the enabled regions found since. */
export interface OrgCacheEntry {
  /** Epoch ms of the discovery. */
  at: number;
  snapshot: OrgSnapshot;
  regions: Record<string, RegionListing>;
}

/** Where a discovery is kept between uses: memory (serve), or a file owned by the user (the CLI). */
export interface OrgCache {
  read(): OrgCacheEntry | undefined;
  write(entry: OrgCacheEntry): void;
  /** Where it lives, for `accounts` and `doctor`. */
  readonly where: string;
}

export function createMemoryOrgCache(): OrgCache {
  let entry: OrgCacheEntry | undefined;
  return {
    read: () => entry,
    write(next) {
      entry = next;
    },
    where: "memory",
  };
}

/**
 * `<state dir>/organizations/<key>.json`, 0600 in a 0700 directory; `key` names the organization
 * endpoint and credentials it was read with. It holds account ids, names, OUs and tags — never
 * credentials. An unreadable file counts as no cache.
 */
export function createFileOrgCache(dir: string, key: string, logger: Logger): OrgCache {
  const file = join(dir, `${key}.json`);
  return {
    where: file,
    read() {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
      try {
        const entry = JSON.parse(text) as OrgCacheEntry;
        if (typeof entry.at === "number" && Array.isArray(entry.snapshot?.accounts)) {
          return { ...entry, regions: entry.regions ?? {} };
        }
      } catch {}
      logger.warn("ignoring an unreadable organization cache", { file });
      return undefined;
    },
    write(entry) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, file);
    },
  };
}
