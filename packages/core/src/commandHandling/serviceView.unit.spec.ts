import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

const STREAM = 'auction-a1';
const clock = () => T0 + 1_000;

/** Auction a1 opened, with a bid of 100 for each bidder given. */
const auction = async (store: EventStore, ...bidders: string[]) => {
  const writer = createAuctionService({ store, clock });
  await writer.execute(openAuction('a1'));
  let amount = 100;
  for (const bidder of bidders) {
    expect((await writer.execute(placeBid('a1', bidder, amount))).ok).toBe(true);
    amount += 100;
  }
};

describe('the service’s view', () => {
  it('reads an auction it does not cache whole', async () => {
    const store = observedStore(getInMemoryEventStore());
    await auction(store, 'ann');
    store.reads.length = 0;
    const service = createAuctionService({ store, clock });
    expect(await service.view('a1')).toMatchObject({
      auctionId: 'a1',
      price: 100,
      leaderId: 'ann',
      bidCount: 1,
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: undefined }]);
  });

  it('reads only the events after its cache for an auction it caches', async () => {
    const store = observedStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock });
    await service.execute(openAuction('a1'));
    await service.execute(placeBid('a1', 'ann', 100));
    await createAuctionService({ store, clock }).execute(placeBid('a1', 'bob', 200));
    store.reads.length = 0;
    expect(await service.view('a1')).toMatchObject({ price: 200, leaderId: 'bob', bidCount: 2 });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 2 } }]);
  });

  it('shows the stream as it now is when it shrank below the cached version (deleted and written again)', async () => {
    const store = observedStore(getInMemoryEventStore());
    await auction(store, 'ann', 'bob', 'cy');
    const service = createAuctionService({ store, clock });
    expect(await service.execute(placeBid('a1', 'dan', 500))).toMatchObject({ ok: true, version: 5 });
    const rewritten = getInMemoryEventStore();
    await auction(rewritten, 'eve');
    store.replaceWith(rewritten);
    expect(await service.view('a1')).toMatchObject({ price: 100, leaderId: 'eve', bidCount: 1 });
  });

  it('answers null, reading nothing, for an id the service would refuse', async () => {
    const store = observedStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock });
    for (const id of ['', 42, undefined, null, 'a\u0007', 'x'.repeat(129)])
      expect(await service.view(id as string)).toBeNull();
    expect(store.reads).toEqual([]);
    expect(await service.view('x'.repeat(128))).toBeNull();
    expect(store.reads).toHaveLength(1);
  });
});
