/** What one load run measured. */
export interface LoadResult {
  readonly committed: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Every measured call's latency (ms), sorted. */
  readonly latencies: Float64Array;
}

/** One caller's bid: resolves true when committed, false when rejected. */
export type Bid = (caller: number) => Promise<boolean>;

const quantile = (sorted: Float64Array, q: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

/**
 * Runs `callers` concurrent loops of `bid` for `warmupMs` (not measured), then `durationMs`, and
 * reports committed bids/s and the p50/p99 latency of every call in the measured window.
 */
export const measureLoad = async (
  callers: number,
  bid: Bid,
  durationMs: number,
  warmupMs: number,
): Promise<LoadResult> => {
  const latencies: number[] = [];
  let committed = 0;
  let rejected = 0;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const loop = async (caller: number): Promise<void> => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      const ok = await bid(caller);
      if (t0 < measureFrom) continue;
      latencies.push(performance.now() - t0);
      if (ok) committed++;
      else rejected++;
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, caller) => loop(caller)));
  return summarize(committed, rejected, durationMs / 1000, Float64Array.from(latencies));
};

const summarize = (
  committed: number,
  rejected: number,
  seconds: number,
  latencies: Float64Array,
): LoadResult => {
  const sorted = latencies.sort();
  return {
    committed,
    rejected,
    seconds,
    perSecond: committed / seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    latencies: sorted,
  };
};

/** The load runs of one design taken together, as one run of their summed time. */
export const combineLoads = (parts: readonly LoadResult[]): LoadResult => {
  const latencies = new Float64Array(parts.reduce((sum, part) => sum + part.latencies.length, 0));
  let at = 0;
  for (const part of parts) {
    latencies.set(part.latencies, at);
    at += part.latencies.length;
  }
  const sum = (of: (part: LoadResult) => number) => parts.reduce((total, part) => total + of(part), 0);
  return summarize(
    sum((part) => part.committed),
    sum((part) => part.rejected),
    sum((part) => part.seconds),
    latencies,
  );
};
