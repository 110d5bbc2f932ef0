import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  it('stays within [delay/2, delay] of a doubling delay capped at maxMs', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = Math.min(5_000, 100 * 2 ** Math.min(attempt, 30));
          const drawn = backoffDelay(attempt, {}, () => r);
          expect(drawn).toBeGreaterThanOrEqual(Math.floor(delay / 2));
          expect(drawn).toBeLessThanOrEqual(delay);
        },
      ),
    );
  });

  it('grows with the attempt until the cap', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(0, { initialMs: 10, maxMs: 1_000 }, top)).toBe(10);
    expect(backoffDelay(3, { initialMs: 10, maxMs: 1_000 }, top)).toBe(80);
    expect(backoffDelay(20, { initialMs: 10, maxMs: 1_000 }, top)).toBe(1_000);
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    await slept;
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
