import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLagHistogram } from './lagHistogram';

const exactPercentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] as number;

describe('createLagHistogram', () => {
  it('is exact below 2 048 ms and within 1 % above, with the exact max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 10_000_000_000 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (values) => {
          const histogram = createLagHistogram();
          for (const value of values) histogram.record(value);
          const sorted = [...values].sort((a, b) => a - b);
          const summary = histogram.summary();
          expect(summary.count).toBe(values.length);
          expect(summary.max).toBe(sorted[sorted.length - 1]);
          for (const [p, reported] of [
            [0.5, summary.p50],
            [0.99, summary.p99],
          ] as const) {
            const exact = exactPercentile(sorted, p);
            if (exact < 2_048) expect(reported).toBe(exact);
            else {
              expect(reported).toBeLessThanOrEqual(exact);
              expect(reported).toBeGreaterThanOrEqual(exact * 0.99);
            }
          }
        },
      ),
    );
  });

  it('reports zeros when empty and counts negative or non-finite lags as 0', () => {
    const histogram = createLagHistogram();
    expect(histogram.summary()).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
    histogram.record(-5);
    histogram.record(Number.NaN);
    expect(histogram.summary()).toEqual({ count: 2, p50: 0, p99: 0, max: 0 });
  });
});
