import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffProblem, defaultBackoff } from './backoff';

describe('backoffDelay', () => {
  it('doubles from initialMs, capped at maxMs, jittered within the upper half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initialMs, extra, random) => {
          const backoff = { initialMs, maxMs: initialMs + extra };
          const ceiling = Math.min(backoff.maxMs, initialMs * 2 ** Math.min(attempt - 1, 40));
          const delay = backoffDelay(attempt, backoff, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
        },
      ),
    );
  });

  it('grows: the smallest wait of attempt n+1 is no less than half the largest of attempt n', () => {
    expect(backoffDelay(1, defaultBackoff, () => 0)).toBe(50);
    expect(backoffDelay(2, defaultBackoff, () => 0)).toBe(100);
    expect(backoffDelay(3, defaultBackoff, () => 0.999_999)).toBe(400);
    expect(backoffDelay(40, defaultBackoff, () => 0.999_999)).toBe(30_000);
  });

  it('names the wrong field of a backoff', () => {
    expect(backoffProblem({ initialMs: -1, maxMs: 5 }, 'retry')).toBe(
      'retry.initialMs must be a non-negative number',
    );
    expect(backoffProblem({ initialMs: 10, maxMs: 5 }, 'retry')).toMatch(/^retry\.maxMs/);
    expect(backoffProblem(defaultBackoff, 'retry')).toBeNull();
  });
});
