/**
 * Timing for the bench harness: warm-up runs, then the median of measured runs (the median
 * shrugs off a GC pause or a tier-up in one run, where a mean would not).
 */
export interface Measurement {
  /** Median wall time of the measured runs, in milliseconds. */
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Result of the last run (the workload's checksum). */
  readonly result: unknown;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function measure(fn: () => unknown, warmups: number, runs: number): Measurement {
  let result: unknown;
  for (let i = 0; i < warmups; i++) result = fn();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), runsMs, result };
}

/** A checksum in a form comparable across engines (i64 results are bigints on both). */
export function checksumKey(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (Array.isArray(v)) return `[${v.map(checksumKey).join(',')}]`;
  return String(v);
}
