/** Figures a bench reports; each is measured, never assumed. */
export interface BenchResult {
  name: string;
  median_ms?: number;
  p99_ms?: number;
  value?: number;
  unit?: string;
  runs?: number;
  extra?: Record<string, number>;
  /** The target from the issue, as text next to the figure ('< 8 ms', '>= 25000'). */
  goal?: string;
  /** The same quantity's floor measured in the same run (remark-parse alone, a plain indexed query, bare node). */
  floor?: number;
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx]!;
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns median and p99 in ms. */
export async function timeIt(runs: number, fn: (i: number) => unknown, warmup = Math.min(20, Math.ceil(runs / 10))): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));
