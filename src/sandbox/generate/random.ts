import { createHash } from "node:crypto";

/**
 * Deterministic choices for the generated organization: every value is derived from a label (the
 * account index, region and resource number), so the same label gives the same value in every run
 * and in every organization size — account 17 of a 300-account organization is account 17 of a
 * 40-account one.
 */
export interface Draw {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of the list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `length` lowercase hex digits. */
  hex(length: number): string;
  /** A draw for a sub-label (`draw.sub("instance:3")`). */
  sub(label: string): Draw;
}

export function createDraw(label: string): Draw {
  // One hash seeds the label's stream (mulberry32): cheap enough for thousands of resources.
  let state = createHash("sha256").update(label).digest().readUInt32BE(0);
  const unit = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    int: (min, max) => min + Math.floor(unit() * (max - min + 1)),
    pick: (list) => list[Math.floor(unit() * list.length)] as (typeof list)[number],
    chance: (p) => unit() < p,
    hex: (length) => Array.from({ length }, () => Math.floor(unit() * 16).toString(16)).join(""),
    sub: (child) => createDraw(`${label}/${child}`),
  };
}

/** An ISO timestamp `daysAgo` days before the sandbox's fixed "now" (2026-12-01), at a drawn hour. */
export function isoDaysAgo(draw: Draw, minDays: number, maxDays: number): string {
  const base = Date.UTC(2026, 11, 1);
  const t = base - draw.int(minDays, maxDays) * 86_400_000 - draw.int(0, 86_399) * 1000;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}
