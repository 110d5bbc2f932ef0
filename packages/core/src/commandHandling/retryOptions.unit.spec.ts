import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryOptions, retryOptionsError } from './retryOptions';

describe('backoffDelay', () => {
  it('draws a whole number of ms within [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, draw) => {
          const delay = backoffDelay(retry, { maxAttempts: 5, baseDelayMs, maxDelayMs }, () => draw);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
        },
      ),
    );
  });

  it('grows the ceiling exponentially up to the cap', () => {
    const options = { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 20 };
    const highest = (retry: number) => backoffDelay(retry, options, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6].map(highest)).toEqual([1, 3, 7, 15, 19, 19]);
  });
});

describe('retryOptionsError', () => {
  it('accepts the defaults and names the wrong field', () => {
    expect(retryOptionsError(defaultRetryOptions)).toBeNull();
    expect(retryOptionsError({ ...defaultRetryOptions, maxAttempts: 1.5 })).toContain('maxAttempts');
    expect(retryOptionsError({ ...defaultRetryOptions, baseDelayMs: -1 })).toContain('baseDelayMs');
    expect(retryOptionsError({ ...defaultRetryOptions, maxDelayMs: Number.NaN })).toContain('maxDelayMs');
  });
});
