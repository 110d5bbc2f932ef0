import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// A batch with nothing to write (every command rejected, or a retry) has no expected version to catch
// a stale cache: the service reads the newer events first, unless its cache was just read. These tests
// pin that it reads exactly what it needs, and decides each command once per state it reads.

const STREAM = 'auction-a1';

/** Lets whatever the service still does after answering run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A clock that counts its calls: one per decision. */
const countingClock = () => {
  let calls = 0;
  const clock = () => T0 + 1_000 + calls++;
  return { clock, calls: () => calls };
};

const setup = async () => {
  const store = observedStore(getInMemoryEventStore());
  const { clock, calls } = countingClock();
  const service = createAuctionService({ store, clock, retry: { initialDelayMs: 0, maxDelayMs: 0 } });
  expect((await service.execute(openAuction('a1'))).ok).toBe(true);
  expect((await service.execute(placeBid('a1', 'ann', 100))).ok).toBe(true);
  store.reads.length = 0;
  return { store, service, calls };
};

const other = (store: ReturnType<typeof observedStore>) =>
  createAuctionService({ store, clock: () => T0 + 2_000 });

describe('a batch with nothing to write', () => {
  it('is answered on a cache just read whole, with no second read', async () => {
    const inner = getInMemoryEventStore();
    await other(observedStore(inner)).execute(openAuction('a1'));
    await other(observedStore(inner)).execute(placeBid('a1', 'ann', 100));
    const store = observedStore(inner);
    const cold = createAuctionService({ store, clock: () => T0 + 3_000 });
    expect(await cold.execute(placeBid('a1', 'bob', 120))).toMatchObject({ code: 'BID_TOO_LOW', version: 2 });
    expect(store.reads).toEqual([{ streamName: STREAM, options: undefined }]);
  });

  it('reads the newer events once, deciding once, when the store holds nothing newer', async () => {
    const { store, service, calls } = await setup();
    const before = calls();
    expect(await service.execute(placeBid('a1', 'bob', 120))).toMatchObject({
      code: 'BID_TOO_LOW',
      version: 2,
      view: { price: 100 },
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 2 } }]);
    await settle();
    expect(calls() - before).toBe(1);
  });

  it('decides again on the newer events, and answers from them without reading a third time', async () => {
    const { store, service, calls } = await setup();
    await other(store).execute(placeBid('a1', 'bob', 150));
    store.reads.length = 0;
    const before = calls();
    expect(await service.execute(placeBid('a1', 'cy', 120))).toMatchObject({
      code: 'BID_TOO_LOW',
      version: 3,
      view: { price: 150, leaderId: 'bob' },
      details: { minimumNextBid: 200 },
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 2 } }]);
    await settle();
    expect(calls() - before).toBe(2);
  });

  it('is answered after a conflict on the cache the conflict read, with no second read', async () => {
    const { store, service } = await setup();
    await other(store).execute(placeBid('a1', 'bob', 300));
    store.reads.length = 0;
    // 200 was high enough on the cached state; after the conflict it is too low, and nothing is written.
    expect(await service.execute(placeBid('a1', 'cy', 200))).toMatchObject({
      code: 'BID_TOO_LOW',
      version: 3,
      view: { price: 300 },
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 2 } }]);
    expect(service.stats()).toMatchObject({ conflicts: 1, appends: 3 });
  });
});
