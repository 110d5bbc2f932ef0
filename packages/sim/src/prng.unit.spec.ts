import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';

const draws = (seed: number, n = 50): number[] => {
  const prng = createPrng(seed);
  return Array.from({ length: n }, () => prng.next());
};

describe('createPrng', () => {
  it('gives the same numbers for the same seed, and others for another seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(draws(a)).toEqual(draws(a));
        if (a >>> 0 !== b >>> 0) expect(draws(a)).not.toEqual(draws(b));
      }),
    );
  });

  it('draws numbers in [0, 1), integers within their bounds, items of the list', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.nat(100), (seed, min, span) => {
        const prng = createPrng(seed);
        for (let i = 0; i < 20; i++) {
          const x = prng.next();
          expect(x >= 0 && x < 1).toBe(true);
          const n = prng.int(min, min + span);
          expect(Number.isInteger(n) && n >= min && n <= min + span).toBe(true);
          expect(['a', 'b', 'c']).toContain(prng.pick(['a', 'b', 'c']));
        }
        expect(prng.chance(0)).toBe(false);
        expect(prng.chance(1)).toBe(true);
      }),
    );
  });

  it('spreads its draws: each tenth of [0, 1) gets about a tenth of 10 000 draws', () => {
    const counts = new Array<number>(10).fill(0);
    const prng = createPrng(42);
    for (let i = 0; i < 10_000; i++) {
      const tenth = Math.floor(prng.next() * 10);
      counts[tenth] = (counts[tenth] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
    for (const count of counts) expect(count).toBeLessThan(1_150);
  });

  it('forks streams named by label: the same for the same parent state and label, others for other labels', () => {
    const fork = (label: string) => createPrng(7).fork(label);
    const [a, b, c] = [fork('store'), fork('store'), fork('clients')];
    const [x, y, z] = [a.next(), b.next(), c.next()];
    expect(x).toBe(y);
    expect(z).not.toBe(x);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createPrng(1).pick([])).toThrow(RangeError);
  });
});
