import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { findBid } from './bidWindow';
import { emptyCachedAuction } from './cachedAuction';
import { loadCachedAuction, readEventsAfter, refreshCachedAuction } from './cacheLoading';
import { openAuction, placeBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

const STREAM = 'auction-a1';

/** A store holding auction a1 opened, then a bid of 100 for each bidder given (bidIds `<bidder>-1`). */
const storeWith = async (...bidders: string[]): Promise<EventStore> => {
  const store = getInMemoryEventStore();
  const service = createAuctionService({ store, clock: () => T0 + 1_000 });
  await service.execute(openAuction('a1'));
  let amount = 100;
  for (const bidder of bidders) {
    expect((await service.execute(placeBid('a1', bidder, amount, `${bidder}-1`))).ok).toBe(true);
    amount += 50;
  }
  return store;
};

describe('readEventsAfter', () => {
  it('reads the events after a version; from version 0 they are the whole stream', async () => {
    const store = await storeWith('ann', 'bob');
    const whole = await readEventsAfter(store, STREAM, 0);
    expect(whole.fromStart).toBe(true);
    expect(whole.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    const after = await readEventsAfter(store, STREAM, 1);
    expect(after.fromStart).toBe(false);
    expect(after.events.map((event) => event.streamVersion)).toEqual([2, 3]);
  });

  it('reads nothing, and not the whole stream, when nothing follows the version', async () => {
    const store = observedStore(await storeWith('ann', 'bob'));
    expect(await readEventsAfter(store, STREAM, 3)).toEqual({ events: [], fromStart: false });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 3 } }]);
  });

  it('reads the whole stream, from the start, when the stream now holds fewer events than the version', async () => {
    const store = observedStore(await storeWith('ann', 'bob'));
    const read = await readEventsAfter(store, STREAM, 5);
    expect(read.fromStart).toBe(true);
    expect(read.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
    expect(store.reads.map((r) => r.options)).toEqual([{ fromVersion: 5 }, undefined]);
  });

  it('answers an empty stream from version 0 as the whole (empty) stream', async () => {
    expect(await readEventsAfter(getInMemoryEventStore(), STREAM, 0)).toEqual({
      events: [],
      fromStart: true,
    });
  });
});

describe('loadCachedAuction', () => {
  it('folds the whole stream into a new cache, its bid window of the size asked', async () => {
    const cache = await loadCachedAuction(await storeWith('ann', 'bob'), STREAM, 6);
    expect(cache.version).toBe(3);
    expect(cache.state.leader?.bidderId).toBe('bob');
    expect(cache.bids.size).toBe(6);
    expect(findBid(cache.bids, 'ann-1')).toBe(2);
    expect(findBid(cache.bids, 'bob-1')).toBe(3);
  });
});

describe('refreshCachedAuction', () => {
  it('moves the cache itself on by the newer events only, saying it changed', async () => {
    const inner = await storeWith('ann');
    const cache = await loadCachedAuction(inner, STREAM, 4);
    await createAuctionService({ store: inner, clock: () => T0 + 2_000 }).execute(
      placeBid('a1', 'bob', 150, 'bob-1'),
    );
    const store = observedStore(inner);
    const refreshed = await refreshCachedAuction(store, STREAM, cache);
    expect(refreshed.cache).toBe(cache);
    expect(refreshed.changed).toBe(true);
    expect(cache.version).toBe(3);
    expect(cache.state.leader?.bidderId).toBe('bob');
    expect(findBid(cache.bids, 'bob-1')).toBe(3);
    expect(store.reads.map((r) => r.options)).toEqual([{ fromVersion: 2 }]);
  });

  it('leaves an up-to-date cache as it is, saying nothing changed', async () => {
    const store = await storeWith('ann');
    const cache = await loadCachedAuction(store, STREAM, 4);
    const state = cache.state;
    const refreshed = await refreshCachedAuction(store, STREAM, cache);
    expect(refreshed).toEqual({ cache, changed: false });
    expect(refreshed.cache).toBe(cache);
    expect(cache.state).toBe(state);
    expect(cache.version).toBe(2);
  });

  it('fills an empty cache in place from the whole stream', async () => {
    const store = await storeWith('ann');
    const cache = emptyCachedAuction(4);
    const refreshed = await refreshCachedAuction(store, STREAM, cache);
    expect(refreshed.cache).toBe(cache);
    expect(refreshed.changed).toBe(true);
    expect(cache.version).toBe(2);
    expect(findBid(cache.bids, 'ann-1')).toBe(2);
  });

  it('says nothing changed for an empty cache of a stream that does not exist', async () => {
    const cache = emptyCachedAuction(4);
    expect(await refreshCachedAuction(getInMemoryEventStore(), STREAM, cache)).toEqual({
      cache,
      changed: false,
    });
  });

  it('reloads a new cache, its window of the same size, when the stream shrank (deleted and written again)', async () => {
    const store = observedStore(await storeWith('ann', 'bob', 'cy'));
    const cache = await loadCachedAuction(store, STREAM, 4);
    store.replaceWith(await storeWith('dan'));
    const refreshed = await refreshCachedAuction(store, STREAM, cache);
    expect(refreshed.changed).toBe(true);
    expect(refreshed.cache).not.toBe(cache);
    expect(refreshed.cache.version).toBe(2);
    expect(refreshed.cache.state.leader?.bidderId).toBe('dan');
    expect(refreshed.cache.bids.size).toBe(4);
    expect(findBid(refreshed.cache.bids, 'dan-1')).toBe(2);
    expect(findBid(refreshed.cache.bids, 'ann-1')).toBe(-1);
  });
});
