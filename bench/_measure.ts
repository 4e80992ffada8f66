import type { Account } from "../src/config/types.ts";

/** `n` workload accounts named `member-001`… with ids from `idBase`, in `regions` (bench organizations). */
export function benchAccounts(n: number, regions: string[], idBase: number): Account[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(idBase + i),
    name: `member-${String(i + 1).padStart(3, "0")}`,
    environment: "bench",
    role: "workload" as const,
    regions,
    aliases: [],
  }));
}

/** Runs `work` while sampling this process's RSS every 50 ms; the peak in MiB comes back beside its value. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const value = await work();
    return { value, peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}
