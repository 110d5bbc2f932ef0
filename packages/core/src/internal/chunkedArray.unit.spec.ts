import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkedArray, chunkedAt, pushChunked } from './chunkedArray';

describe('chunkedArray', () => {
  it('reads back every item pushed, in order, across chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.double(), fc.string()), { maxLength: 10_000 }),
        (items) => {
          const list = chunkedArray<unknown>();
          for (const item of items) pushChunked(list, item);
          expect(list.length).toBe(items.length);
          expect(items.map((_, index) => chunkedAt(list, index))).toEqual(items);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps each chunk at 4 096 items', () => {
    const list = chunkedArray<number>();
    for (let i = 0; i < 10_000; i++) pushChunked(list, i);
    expect(list.chunks.map((chunk) => chunk.length)).toEqual([4096, 4096, 1808]);
    expect(chunkedAt(list, 4096)).toBe(4096);
  });
});
