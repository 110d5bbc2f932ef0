import {
  type AuctionCommand,
  auctionOffers,
  createAuctionService,
  type EventStore,
  getInMemoryEventStore,
  type ReadStreamOptions,
  readAuctionEvents,
} from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { createOffersCache } from './offersCache';

const NOW = Date.UTC(2030, 0, 1);

/** A store, and a view of it for the cache that records the `fromVersion` of each stream read. */
const countingStore = () => {
  const store = getInMemoryEventStore();
  const reads: number[] = [];
  const counted: EventStore = {
    ...store,
    readStream: (streamName: string, options?: ReadStreamOptions) => {
      reads.push(options?.fromVersion ?? 0);
      return store.readStream(streamName, options);
    },
  };
  return { store, counted, reads };
};

const lot = (auctionId: string): AuctionCommand => ({
  type: 'OpenAuction',
  data: { auctionId, sellerId: 'sam', currency: 'USD', startingPrice: 1000, endsAt: NOW + 86_400_000 },
});
const max = (auctionId: string, bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId, maxAmount },
});

describe('createOffersCache', () => {
  it('reads a stream once, then only its new events, and answers what the whole stream gives', async () => {
    const { store, counted, reads } = countingStore();
    const service = createAuctionService({ store, clock: () => NOW });
    const cache = createOffersCache({ store: counted });
    await service.execute(lot('a'));
    await service.execute(max('a', 'ann', 2000));
    const whole = async () => auctionOffers((await readAuctionEvents(store, 'a')).events);

    expect(await cache.offersOf('a')).toEqual(await whole());
    await service.execute(max('a', 'bob', 3000));
    await service.execute({ type: 'RetractBid', data: { auctionId: 'a', bidderId: 'bob', reason: 'typo' } });
    expect(await cache.offersOf('a')).toEqual(await whole());
    expect((await cache.offersOf('a')).latestBids.has('bob')).toBe(false);
    // From the start once; then after the 2 events it had, then after the 4 it has.
    expect(reads).toEqual([0, 2, 4]);
  });

  it('answers empty offers for an auction that does not exist, and keeps nothing for it', async () => {
    const { counted, reads } = countingStore();
    const cache = createOffersCache({ store: counted });
    expect((await cache.offersOf('none')).latestBids.size).toBe(0);
    expect((await cache.offersOf('none')).state.status).toBe('none');
    expect(reads).toEqual([0, 0]);
  });

  it('drops the auctions read least recently once it holds more than maxBids bids', async () => {
    const { store, counted, reads } = countingStore();
    const service = createAuctionService({ store, clock: () => NOW });
    for (const id of ['a', 'b', 'c']) {
      await service.execute(lot(id));
      await service.execute(max(id, 'ann', 2000));
      await service.execute(max(id, 'bob', 3000));
    }
    // Each auction counts 3 (two bids and its entry): two fit in 6.
    const cache = createOffersCache({ store: counted, maxBids: 6 });
    await cache.offersOf('a');
    await cache.offersOf('b');
    await cache.offersOf('a'); // a is now the most recent
    await cache.offersOf('c'); // b goes
    reads.length = 0;
    await cache.offersOf('a');
    await cache.offersOf('c');
    await cache.offersOf('b');
    expect(reads).toEqual([3, 3, 0]);
  });
});
