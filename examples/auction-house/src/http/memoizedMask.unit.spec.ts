import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoizedMask } from './memoizedMask';

describe('memoizedMask', () => {
  it('answers what the mask answers, asking it once per pair while remembered', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 60 }), (pairs) => {
        let calls = 0;
        const mask = memoizedMask((auctionId, bidderId) => {
          calls++;
          return `${auctionId.length}:${bidderId}`;
        }, 1_000);
        for (const [auctionId, bidderId] of pairs)
          expect(mask(auctionId, bidderId)).toBe(`${auctionId.length}:${bidderId}`);
        expect(calls).toBe(new Set(pairs.map(([a, b]) => `${a}\u0000${b}`)).size);
      }),
    );
  });

  it('forgets the oldest answer past its size', () => {
    let calls = 0;
    const mask = memoizedMask((auctionId) => {
      calls++;
      return auctionId;
    }, 2);
    mask('a', 'x');
    mask('b', 'x');
    mask('c', 'x');
    mask('a', 'x');
    expect(calls).toBe(4);
  });
});
