import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, partitionOf } from './partitionOf';

/** FNV-1a over the bytes a UTF-8 encoder writes: the reference. */
const reference = (text: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
};

describe('partitionOf', () => {
  it('hashes the UTF-8 bytes with FNV-1a: the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('equals FNV-1a over TextEncoder’s bytes for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(fnv1a32(text)).toBe(reference(text));
      }),
    );
  });

  it('puts every stream in one partition in range, the same each time', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1024 }), (name, partitions) => {
        const partition = partitionOf(name, partitions);
        expect(partition).toBeGreaterThanOrEqual(0);
        expect(partition).toBeLessThan(partitions);
        expect(partitionOf(name, partitions)).toBe(partition);
      }),
    );
  });

  it('spreads auction streams evenly: 8 partitions of 80 000 streams within 5 % of the mean', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 80_000; i++) counts[partitionOf(`auction-a_${i.toString(36)}`, 8)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
