import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkedArray, pushChunked } from './chunkedArray';
import { findSlot, hashIndex, hashOf, setSlot } from './hashIndex';

/** Keys from a small alphabet, so that sequences repeat keys and share buckets often. */
const keyArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '~', 'é'), minLength: 1, maxLength: 4 });

describe('hashIndex', () => {
  it('finds the last slot set for each key, and -1 for keys never set', () => {
    fc.assert(
      fc.property(
        fc.array(keyArb, { maxLength: 2_000 }),
        fc.array(keyArb, { maxLength: 50 }),
        fc.nat(3),
        (keys, probes, offset) => {
          const list = chunkedArray<string>();
          const index = hashIndex(list, offset);
          const model = new Map<string, number>();
          for (const key of keys) {
            const slot = list.length + offset;
            pushChunked(list, key);
            setSlot(index, key, slot);
            model.set(key, slot);
          }
          expect(index.size).toBe(model.size);
          for (const key of [...keys, ...probes]) expect(findSlot(index, key)).toBe(model.get(key) ?? -1);
        },
      ),
    );
  });

  it('agrees with a Map through segment splits (more keys than one segment holds)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 5_000, maxLength: 20_000 }),
        (keys) => {
          const list = chunkedArray<string>();
          const index = hashIndex(list);
          const model = new Map<string, number>();
          keys.forEach((key, slot) => {
            pushChunked(list, key);
            setSlot(index, key, slot);
            model.set(key, slot);
          });
          expect(index.size).toBe(model.size);
          expect(keys.map((key) => findSlot(index, key))).toEqual(keys.map((key) => model.get(key)));
          expect(findSlot(index, '\u0000never-a-key')).toBe(-1);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('tells apart two keys with the same 32-bit hash', () => {
    const seed = 12_345;
    // Birthday search: among 300 000 pseudo-random keys, two share a 32-bit hash with near certainty.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    let x = 0x9e3779b9;
    for (let i = 0; pair === undefined && i < 300_000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const key = `k${(x >>> 0).toString(36)}${i.toString(36)}`;
      const other = seen.get(hashOf(key, seed));
      if (other === undefined) seen.set(hashOf(key, seed), key);
      else pair = [other, key];
    }
    if (pair === undefined) throw new Error('no colliding pair found');
    const [first, second] = pair;
    expect(hashOf(first, seed)).toBe(hashOf(second, seed));
    const list = chunkedArray<string>();
    const index = hashIndex(list, 0, seed);
    pushChunked(list, first);
    setSlot(index, first, 0);
    expect(findSlot(index, second)).toBe(-1);
    pushChunked(list, second);
    setSlot(index, second, 1);
    expect([findSlot(index, first), findSlot(index, second), index.size]).toEqual([0, 1, 2]);
  });

  it('splits into segments as it grows, and finds every key after each split', () => {
    const list = chunkedArray<string>();
    const index = hashIndex(list, 1);
    for (let i = 0; i < 100_000; i++) {
      const key = `bid-${i}`;
      pushChunked(list, key);
      setSlot(index, key, i + 1);
    }
    expect(index.size).toBe(100_000);
    const segments = new Set(index.directory);
    // A full-sized segment holds at most 4 096 keys (half of its 8 192 pairs).
    expect(segments.size).toBeGreaterThanOrEqual(Math.ceil(100_000 / 4_096));
    for (const segment of segments) expect(segment.size * 2).toBeLessThanOrEqual(segment.table.length / 2);
    for (let i = 0; i < 100_000; i += 7) expect(findSlot(index, `bid-${i}`)).toBe(i + 1);
    expect(findSlot(index, 'bid-100000')).toBe(-1);
  });

  it('keeps working when more keys than a segment holds share one 32-bit hash', () => {
    // FNV-1a takes one UTF-16 unit at a time, so two 2-unit blocks that lead from the same state to
    // the same state can be chained: 13 such pairs give 2^13 keys with one hash, for this seed: more
    // than a full-sized segment holds, so the index must grow that segment rather than split it.
    const seed = 99;
    const step = (state: number, block: string): number => {
      let h = state;
      for (let i = 0; i < block.length; i++) h = Math.imul(h ^ block.charCodeAt(i), 0x01000193);
      return h;
    };
    let state = seed;
    const pairs: [string, string][] = [];
    let x = 0x2545f491;
    while (pairs.length < 13) {
      const seen = new Map<number, string>();
      for (;;) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        const block = String.fromCharCode(x & 0xffff, (x >>> 16) & 0xffff);
        const next = step(state, block);
        const other = seen.get(next);
        if (other !== undefined && other !== block) {
          pairs.push([other, block]);
          state = next;
          break;
        }
        seen.set(next, block);
      }
    }
    const keys = pairs.reduce<string[]>((prefixes, [a, b]) => prefixes.flatMap((p) => [p + a, p + b]), ['']);
    expect(new Set(keys.map((key) => hashOf(key, seed))).size).toBe(1);
    expect(new Set(keys).size).toBe(8_192);
    const list = chunkedArray<string>();
    const index = hashIndex(list, 0, seed);
    keys.forEach((key, slot) => {
      pushChunked(list, key);
      setSlot(index, key, slot);
    });
    expect([index.size, index.depth]).toEqual([8_192, 0]);
    expect(keys.map((key) => findSlot(index, key))).toEqual(keys.map((_, slot) => slot));
  });

  it('draws a different seed for each index', () => {
    const seeds = new Set(Array.from({ length: 20 }, () => hashIndex(chunkedArray()).seed));
    expect(seeds.size).toBeGreaterThan(15);
  });
});
