import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, setMaxBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// A bid sent again with its bidId is answered with its first outcome, read back from where the bid
// window says its events are: one short read, whatever other events lie between the bids.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const STREAM = 'auction-a1';

/** Auction a1 with soft close; ann's max (a-1, version 2, and its extension at 3), then bob's bid (b-1, 4). */
const setup = async () => {
  const store = observedStore(getInMemoryEventStore());
  const writer = createAuctionService({ store, clock: () => T0 + DAY - HOUR / 2 });
  await writer.execute(openAuction('a1', { softClose: { windowMs: HOUR, extendMs: 2 * HOUR } }));
  const first = await writer.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
  expect(first).toMatchObject({ ok: true, version: 3 });
  const second = await writer.execute(placeBid('a1', 'bob', 200, 'b-1'));
  expect(second).toMatchObject({ ok: true, version: 4 });
  store.reads.length = 0;
  return { store, writer, first, second };
};

describe('a retried bid inside the bid window', () => {
  it('is answered from one read at its version, on the cache that wrote it', async () => {
    const { store, writer, first, second } = await setup();
    const again = await writer.execute(placeBid('a1', 'bob', 200, 'b-1'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 4 });
    expect(again.ok && again.events).toEqual(second.ok && second.events);
    const retried = await writer.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'));
    expect(retried.ok && retried.events).toEqual(first.ok && first.events);
    expect(retried.ok && retried.events.map((event) => event.type)).toEqual(['MaxBidSet', 'AuctionExtended']);
    expect(store.reads.filter((read) => read.options?.maxCount !== undefined)).toEqual([
      { streamName: STREAM, options: { fromVersion: 3, maxCount: 16 } },
      { streamName: STREAM, options: { fromVersion: 1, maxCount: 16 } },
    ]);
    expect(store.reads.filter((read) => read.options?.fromVersion === undefined)).toEqual([]);
  });

  it('is answered from one read at its version, on a cache read from the stream', async () => {
    const { store } = await setup();
    const cold = createAuctionService({ store, clock: () => T0 + DAY - HOUR / 4 });
    expect(await cold.execute(placeBid('a1', 'bob', 200, 'b-1'))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(await cold.execute(setMaxBid('a1', 'ann', 1_000, 'a-1'))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(store.reads.map((read) => read.options)).toEqual([
      undefined, // the cache
      { fromVersion: 3, maxCount: 16 },
      { fromVersion: 4 }, // nothing was written: is the cache still the stream?
      { fromVersion: 1, maxCount: 16 },
    ]);
  });

  it('counts only bids toward the window: after the opening and two bids, a window of 2 still holds every bid', async () => {
    const service = createAuctionService({
      store: getInMemoryEventStore(),
      clock: () => T0 + 1_000,
      maxCachedBidsPerAuction: 2,
    });
    await service.execute(openAuction('a1'));
    await service.execute(placeBid('a1', 'ann', 100, 'a-1'));
    await service.execute(placeBid('a1', 'bob', 200, 'b-1'));
    expect(await service.execute(placeBid('a1', 'cy', 120, 'c-1'))).toMatchObject({ code: 'BID_TOO_LOW' });
    expect(await service.execute(placeBid('a1', 'ann', 100, 'a-1'))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(service.stats().bidLookups).toBe(0);
  });

  it('keeps a bid until newer bids push it out of the window, whatever other events follow them', async () => {
    let now = T0 + 1_000;
    const service = createAuctionService({
      store: getInMemoryEventStore(),
      clock: () => now,
      maxCachedBidsPerAuction: 2,
    });
    await service.execute(openAuction('a1', { softClose: { windowMs: HOUR, extendMs: 2 * HOUR } }));
    await service.execute(placeBid('a1', 'ann', 100, 'a-1'));
    now = T0 + DAY - HOUR / 2;
    expect(await service.execute(placeBid('a1', 'bob', 200, 'b-1'))).toMatchObject({ ok: true, version: 4 }); // and an extension
    expect(await service.execute(placeBid('a1', 'ann', 100, 'a-1'))).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(service.stats().bidLookups).toBe(0);
  });
});
