import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkedNumbers, numberAt, pushNumber } from './chunkedNumbers';

describe('chunkedNumbers', () => {
  it('reads back every number pushed, in order, as the first chunk grows and later ones fill', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constant(1_700_000_000_123)), {
          maxLength: 10_000,
        }),
        (values) => {
          const list = chunkedNumbers();
          for (const value of values) pushNumber(list, value);
          expect(list.length).toBe(values.length);
          expect(values.map((_, index) => numberAt(list, index))).toEqual(values);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('starts small and caps chunks at 4 096 values', () => {
    const list = chunkedNumbers();
    pushNumber(list, 1);
    expect(list.chunks.map((chunk) => chunk.length)).toEqual([8]);
    for (let i = 1; i < 10_000; i++) pushNumber(list, i);
    expect(list.chunks.map((chunk) => chunk.length)).toEqual([4096, 4096, 4096]);
    expect(numberAt(list, 9_999)).toBe(9_999);
  });
});
