/** Percentiles of a stream of durations, in ms. */
export interface LagSummary {
  /** How many durations were recorded. */
  readonly count: number;
  /** The median, in ms (0 when `count` is 0). */
  readonly p50: number;
  /** The 99th percentile, in ms (0 when `count` is 0). */
  readonly p99: number;
  /** The largest, in ms, exactly (0 when `count` is 0). */
  readonly max: number;
}

/** A fixed-size histogram of durations: memory does not grow with the number of values recorded. */
export interface LagHistogram {
  /** Records one duration in ms (negative values count as 0). */
  record(ms: number): void;
  /** The percentiles so far. */
  summary(): LagSummary;
}

/** Values below this are counted exactly, one bucket per ms. */
const EXACT = 2048;
/** Above {@link EXACT}, each power of two is split into this many buckets (under 1 % error). */
const SUB_BUCKETS = 128;
const EXACT_BITS = Math.log2(EXACT);
/** Up to 2^53 ms. */
const BUCKETS = EXACT + (53 - EXACT_BITS) * SUB_BUCKETS;

const bucketOf = (ms: number): number => {
  if (ms < EXACT) return ms;
  const exponent = Math.min(52, Math.floor(Math.log2(ms)));
  const base = 2 ** exponent;
  const sub = Math.min(SUB_BUCKETS - 1, Math.floor(((ms - base) / base) * SUB_BUCKETS));
  return EXACT + (exponent - EXACT_BITS) * SUB_BUCKETS + sub;
};

/** The smallest value of a bucket: what a percentile falling in it reports. */
const lowerBoundOf = (bucket: number): number => {
  if (bucket < EXACT) return bucket;
  const offset = bucket - EXACT;
  const exponent = EXACT_BITS + Math.floor(offset / SUB_BUCKETS);
  const base = 2 ** exponent;
  return base + ((offset % SUB_BUCKETS) * base) / SUB_BUCKETS;
};

/**
 * Creates a log-linear histogram: exact to the millisecond below 2 048 ms, within 1 % above (about
 * 40 KiB whatever the count).
 */
export const createLagHistogram = (): LagHistogram => {
  const counts = new Float64Array(BUCKETS);
  let count = 0;
  let max = 0;
  const percentile = (p: number): number => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += counts[bucket] as number;
      if (seen >= rank) return Math.min(max, lowerBoundOf(bucket));
    }
    return max;
  };
  return {
    record: (ms) => {
      const value = Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
      const bucket = bucketOf(value);
      counts[bucket] = (counts[bucket] as number) + 1;
      count++;
      if (value > max) max = value;
    },
    summary: () =>
      count === 0
        ? { count, p50: 0, p99: 0, max: 0 }
        : { count, p50: percentile(0.5), p99: percentile(0.99), max },
  };
};
