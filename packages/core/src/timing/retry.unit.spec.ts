import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import {
  defaultProcessorRetry,
  defaultServiceRetry,
  type Jitter,
  type RetryPolicy,
  resolveRetryOptions,
  retryDelay,
} from './retry';

const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const jitter = fc.constantFrom<Jitter>('full', 'equal');
const ceilingOf = (attempt: number, policy: RetryPolicy): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));

describe('retryDelay', () => {
  it('stays within the jitter kind’s bounds under the ceiling min(maxDelayMs, initialDelayMs · 2^(n−1)), in whole ms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        jitter,
        draw,
        (attempt, initialDelayMs, extra, kind, random) => {
          const policy = { maxAttempts: 5, initialDelayMs, maxDelayMs: initialDelayMs + extra, jitter: kind };
          const ceiling = ceilingOf(attempt, policy);
          const delay = retryDelay(attempt, policy, () => random);
          expect(Number.isInteger(delay)).toBe(true);
          if (kind === 'full') {
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(Math.max(0, Math.ceil(ceiling) - 1));
          } else {
            expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
            expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
          }
        },
      ),
      seeded(500),
    );
  });

  it('draws full jitter from the whole range and equal jitter from its upper half', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelay(3, { ...policy, jitter: 'full' }, () => 0)).toBe(0);
    expect(retryDelay(3, { ...policy, jitter: 'full' }, () => 0.999_999)).toBe(399);
    expect(retryDelay(3, { ...policy, jitter: 'equal' }, () => 0)).toBe(200);
    expect(retryDelay(3, { ...policy, jitter: 'equal' }, () => 0.999_999)).toBe(400);
  });

  it('grows by doubling up to the cap, as the service and the runtime have always waited', () => {
    const service = { ...defaultServiceRetry, initialDelayMs: 2, maxDelayMs: 20 };
    const highest = (attempt: number) => retryDelay(attempt, service, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6].map(highest)).toEqual([1, 3, 7, 15, 19, 19]);
    expect(retryDelay(1, defaultProcessorRetry, () => 0)).toBe(50);
    expect(retryDelay(2, defaultProcessorRetry, () => 0)).toBe(100);
    expect(retryDelay(3, defaultProcessorRetry, () => 0.999_999)).toBe(400);
    expect(retryDelay(40, defaultProcessorRetry, () => 0.999_999)).toBe(30_000);
  });

  it('gives a number for any attempt, even past 2^1023 growth and with a zero initial delay', () => {
    expect(retryDelay(5_000, { ...defaultProcessorRetry, initialDelayMs: 0 }, () => 0.5)).toBe(0);
    expect(retryDelay(5_000, defaultProcessorRetry, () => 0.999_999)).toBe(30_000);
    expect(retryDelay(0, defaultProcessorRetry, () => 0)).toBe(50);
  });
});

describe('resolveRetryOptions', () => {
  it('fills the fields not given with the use’s defaults', () => {
    expect(resolveRetryOptions(undefined, defaultServiceRetry)).toEqual(defaultServiceRetry);
    expect(resolveRetryOptions({ maxAttempts: 3, jitter: 'equal' }, defaultServiceRetry)).toEqual({
      maxAttempts: 3,
      initialDelayMs: 1,
      maxDelayMs: 50,
      jitter: 'equal',
    });
    expect(resolveRetryOptions({ initialDelayMs: 5 }, defaultProcessorRetry)).toEqual({
      ...defaultProcessorRetry,
      initialDelayMs: 5,
    });
  });

  it('takes exactly a positive safe integer of attempts where the use gives up, and finite delays in order', () => {
    const anyNumber = fc.oneof(
      fc.integer({ min: -2, max: 3 }),
      fc.double(),
      fc.constantFrom(0, -0, 1, 0.5, 2 ** 53 - 1, 2 ** 53, Number.POSITIVE_INFINITY, Number.NaN),
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (maxAttempts, initialDelayMs, maxDelayMs) => {
        const expected = !(Number.isSafeInteger(maxAttempts) && maxAttempts >= 1)
          ? 'retry.maxAttempts'
          : !(Number.isFinite(initialDelayMs) && initialDelayMs >= 0)
            ? 'retry.initialDelayMs'
            : !(Number.isFinite(maxDelayMs) && maxDelayMs >= initialDelayMs)
              ? 'retry.maxDelayMs'
              : null;
        const resolve = () =>
          resolveRetryOptions({ maxAttempts, initialDelayMs, maxDelayMs }, defaultServiceRetry);
        if (expected === null) expect(resolve()).toMatchObject({ maxAttempts, initialDelayMs, maxDelayMs });
        else
          expect(resolve).toThrow(
            expect.objectContaining({ name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path: expected }),
          );
      }),
      seeded(1_000),
    );
  });

  it('refuses a finite maxAttempts where the use retries until it succeeds', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 3 }, defaultProcessorRetry)).toThrow(
      expect.objectContaining({ path: 'retry.maxAttempts' }),
    );
    expect(resolveRetryOptions({ maxAttempts: Number.POSITIVE_INFINITY }, defaultProcessorRetry)).toEqual(
      defaultProcessorRetry,
    );
  });

  it('refuses an unknown jitter and a retry that is not an object, naming the path it is given', () => {
    expect(() =>
      resolveRetryOptions({ jitter: 'none' as Jitter }, defaultServiceRetry, 'groupCommit.retry'),
    ).toThrow(
      expect.objectContaining({
        path: 'groupCommit.retry.jitter',
        message: "groupCommit.retry.jitter must be 'full' or 'equal'",
      }),
    );
    expect(() => resolveRetryOptions(5 as never, defaultServiceRetry)).toThrow(
      expect.objectContaining({ path: 'retry', message: 'retry must be an object' }),
    );
  });
});
