import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, setMaxBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';
import { findForgottenBids } from './forgottenBids';

const STREAM = 'auction-a1';

/** Auction a1 with three bids: ann-1 (version 2), bob-1 (3), ann-2 (4). */
const auctionWithBids = async () => {
  const store = observedStore(getInMemoryEventStore());
  const service = createAuctionService({ store, clock: () => T0 + 1_000 });
  await service.execute(openAuction('a1'));
  await service.execute(placeBid('a1', 'ann', 100, 'ann-1'));
  await service.execute(setMaxBid('a1', 'bob', 500, 'bob-1'));
  await service.execute(placeBid('a1', 'ann', 600, 'ann-2'));
  store.reads.length = 0;
  store.appends.length = 0;
  return store;
};

/** The first event a bid's decision would record, as the service probes it. */
const probe = (bidId: string, bidderId: string) => ({
  bidId,
  event: { type: 'BidPlaced', data: { auctionId: 'a1', bidId, bidderId }, eventId: bidId },
});

describe('findForgottenBids', () => {
  it('finds exactly the probed bids that are recorded, with their version and bidder', async () => {
    const store = await auctionWithBids();
    const found = await findForgottenBids(store, STREAM, [
      probe('ann-2', 'ann'),
      probe('new', 'cy'),
      probe('bob-1', 'x'),
    ]);
    expect([...found.entries()].sort()).toEqual([
      ['ann-2', { version: 4, bidderId: 'ann' }],
      ['bob-1', { version: 3, bidderId: 'bob' }],
    ]);
    // One probe each, at a version no stream reaches that every store's version column holds (2^31 − 1),
    // then one read of the stream; nothing written.
    expect(store.appends.map((append) => append.options)).toEqual(
      Array.from({ length: 3 }, () => ({ expectedVersion: 2 ** 31 - 1 })),
    );
    expect(store.reads).toEqual([{ streamName: STREAM, options: undefined }]);
    expect((await store.readStream(STREAM)).currentVersion).toBe(4);
  });

  it('reads nothing more when no probed bid is recorded', async () => {
    const store = await auctionWithBids();
    const found = await findForgottenBids(store, STREAM, [probe('new-1', 'cy'), probe('new-2', 'dan')]);
    expect(found.size).toBe(0);
    expect(store.appends).toHaveLength(2);
    expect(store.reads).toHaveLength(0);
    expect((await store.readStream(STREAM)).currentVersion).toBe(4);
  });

  it('asks nothing for no bids', async () => {
    const store = await auctionWithBids();
    expect((await findForgottenBids(store, STREAM, [])).size).toBe(0);
    expect(store.appends).toHaveLength(0);
    expect(store.reads).toHaveLength(0);
  });

  it('fails with the store’s error when a probe fails for another reason than a version conflict', async () => {
    const store = await auctionWithBids();
    const failure = new EventStoreError('UNAVAILABLE', 'down');
    store.failAppendsWith(failure, 1);
    await expect(findForgottenBids(store, STREAM, [probe('ann-1', 'ann')])).rejects.toBe(failure);
  });
});
