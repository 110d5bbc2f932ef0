import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, setMaxBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// When the bid window of an auction no longer reaches back to its first bid, a bid the window does not
// hold is asked of the store: these tests pin when it is asked, how often, and what the answer then says.

const STREAM = 'auction-a1';
const clock = () => T0 + 1_000;

/** A service with a bid window of 2 on `store`. */
const windowOfTwo = (store: EventStore) =>
  createAuctionService({
    store,
    clock,
    maxCachedBidsPerAuction: 2,
    retry: { initialDelayMs: 0, maxDelayMs: 0 },
  });

/** Auction a1 opened, then five rising straight bids p-0 … p-4 by p0 … p4 (versions 2 to 6): p4 leads. */
const fiveBids = async (store: EventStore) => {
  const service = windowOfTwo(store);
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  for (let i = 0; i < 5; i++)
    expect((await service.execute(placeBid('a1', `p${i}`, 100 + 100 * i, `p-${i}`))).ok).toBe(true);
  return service;
};

describe('bids past the bid window', () => {
  it('asks the store about each rejected bid of a batch that the window does not hold', async () => {
    const store = getInMemoryEventStore();
    const service = await fiveBids(store);
    const answers = await Promise.all([
      service.execute(placeBid('a1', 'cy', 100, 'c-1')),
      service.execute(placeBid('a1', 'dan', 110, 'd-1')),
    ]);
    expect(answers.map((answer) => answer.ok || answer.code)).toEqual(['BID_TOO_LOW', 'BID_TOO_LOW']);
    expect(service.stats().bidLookups).toBe(2);
  });

  it('does not ask about a bid that a duplicate append brought into the window', async () => {
    const store = getInMemoryEventStore();
    const stale = await fiveBids(store);
    // Another instance records zed's bid x; the stale one, sent x again, writes it again: the store
    // finds every id recorded, and the refreshed window holds x.
    await windowOfTwo(store).execute(placeBid('a1', 'zed', 5_000, 'x'));
    const again = await stale.execute(placeBid('a1', 'zed', 5_000, 'x'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 7, view: { leaderId: 'zed' } });
    expect(stale.stats()).toMatchObject({ conflicts: 1, bidLookups: 0 });
  });

  it('fails a bid the store refuses when the store does not hold it either, without writing it again', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = await fiveBids(store);
    store.failWith(new Error('refused'), 1);
    const appends = store.appends.length;
    await expect(service.execute(placeBid('a1', 'cy', 5_000, 'c-1'))).rejects.toThrow('refused');
    expect(store.appends.length - appends).toBe(2); // the refused append, then the look-up
    expect(service.stats().bidLookups).toBe(1);
    expect((await store.readStream(STREAM)).currentVersion).toBe(6);
  });

  it('answers a retried forgotten bid from a fresh cache with no read beyond the look-up and its events', async () => {
    const inner = getInMemoryEventStore();
    await fiveBids(inner);
    const store = observedStore(inner);
    const cold = windowOfTwo(store);
    // p-0's 100 is far too low now: only the store knows it was accepted.
    const again = await cold.execute(placeBid('a1', 'p0', 100, 'p-0'));
    expect(again).toMatchObject({ ok: true, duplicate: true, version: 6 });
    expect(store.reads.map((read) => read.options)).toEqual([
      undefined, // the cache, read whole
      undefined, // the look-up finds where p-0 is
      { fromVersion: 1, maxCount: 16 }, // p-0's events, to answer with
    ]);
  });

  it('reads the newer events before answering a retry that the store holds past the cached version', async () => {
    const inner = getInMemoryEventStore();
    await fiveBids(inner);
    // While the cold instance reads the stream, another one records bob's max and then p4's bid x.
    let raced = false;
    const store: EventStore = {
      ...inner,
      async readStream(streamName, options) {
        const read = await inner.readStream(streamName, options);
        if (!raced) {
          raced = true;
          const other = windowOfTwo(inner);
          expect((await other.execute(setMaxBid('a1', 'bob', 5_000, 'bob-1'))).ok).toBe(true);
          expect((await other.execute(placeBid('a1', 'p4', 5_100, 'x'))).ok).toBe(true);
        }
        return read;
      },
    };
    const cold = windowOfTwo(store);
    // On the state it read, p4 already leads, so the bid is refused there: the store says it is recorded.
    const again = await cold.execute(placeBid('a1', 'p4', 5_100, 'x'));
    expect(again).toMatchObject({
      ok: true,
      duplicate: true,
      version: 8,
      view: { leaderId: 'p4', price: 5_100 },
    });
    expect(cold.stats().bidLookups).toBe(1);
  });
});
