import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auctionIdOfStream, auctionStreamName, isAuctionStream } from './streamName';

describe('auction stream names', () => {
  it('turn any auction id into its stream name and back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (auctionId) => {
        const name = auctionStreamName(auctionId);
        expect(isAuctionStream(name)).toBe(true);
        expect(auctionIdOfStream(name)).toBe(auctionId);
      }),
    );
    expect(auctionIdOfStream('auction-lot 42.*')).toBe('lot 42.*');
  });
});
