import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
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
      seeded(100),
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

  it('takes exactly a positive safe integer of attempts and finite non-negative delays, naming the first wrong field', () => {
    const anyNumber = fc.oneof(
      fc.integer({ min: -2, max: 3 }),
      fc.double(),
      fc.constantFrom(
        0,
        -0,
        1,
        0.5,
        2 ** 53 - 1,
        2 ** 53,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NaN,
      ),
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (maxAttempts, baseDelayMs, maxDelayMs) => {
        const expected = !(Number.isSafeInteger(maxAttempts) && maxAttempts >= 1)
          ? 'retry.maxAttempts must be a positive integer'
          : !(Number.isFinite(baseDelayMs) && baseDelayMs >= 0)
            ? 'retry.baseDelayMs must be a non-negative number'
            : !(Number.isFinite(maxDelayMs) && maxDelayMs >= 0)
              ? 'retry.maxDelayMs must be a non-negative number'
              : null;
        expect(retryOptionsError({ maxAttempts, baseDelayMs, maxDelayMs })).toBe(expected);
      }),
      seeded(1_000),
    );
    expect(retryOptionsError({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 })).toBeNull();
    expect(retryOptionsError({ maxAttempts: 2 ** 53, baseDelayMs: 0, maxDelayMs: 0 })).not.toBeNull();
    expect(
      retryOptionsError({ maxAttempts: 1, baseDelayMs: Number.POSITIVE_INFINITY, maxDelayMs: 0 }),
    ).not.toBeNull();
    expect(
      retryOptionsError({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: Number.POSITIVE_INFINITY }),
    ).not.toBeNull();
  });
});
