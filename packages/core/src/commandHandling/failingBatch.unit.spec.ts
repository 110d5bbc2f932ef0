import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { openAuction, placeBid, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

// A batch that fails (the clock throws, or the store throws) rejects its commands, drops the cache, and
// the auction's queue goes on with the next command.

const STREAM = 'auction-a1';

/** How a promise ended within a second: its value, its error, or still pending. */
const outcome = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise((resolve) => setTimeout(() => resolve('pending'), 1_000)),
  ]);

/** A clock that throws from its `n`-th call after {@link failIn} is called. */
const breakableClock = () => {
  let calls = 0;
  let failAt = Number.POSITIVE_INFINITY;
  const clock = () => {
    calls++;
    if (calls >= failAt) throw new Error('clock broke');
    return T0 + 1_000 + calls;
  };
  return {
    clock,
    failIn: (n: number) => (failAt = calls + n),
    mend: () => (failAt = Number.POSITIVE_INFINITY),
  };
};

/** Auction a1 opened with ann's bid b-1, written by another instance. */
const storeWithBid = async () => {
  const store = observedStore(getInMemoryEventStore());
  const writer = createAuctionService({ store, clock: () => T0 + 1_000 });
  await writer.execute(openAuction('a1'));
  expect((await writer.execute(placeBid('a1', 'ann', 100, 'b-1'))).ok).toBe(true);
  return store;
};

describe('a batch that fails', () => {
  it('rejects a retry answered on a cache just read whole when the clock throws, and the queue goes on', async () => {
    const store = await storeWithBid();
    const time = breakableClock();
    const cold = createAuctionService({ store, clock: time.clock });
    time.failIn(1);
    expect(await outcome(cold.execute(placeBid('a1', 'ann', 100, 'b-1')))).toEqual({
      error: new Error('clock broke'),
    });
    time.mend();
    expect(await outcome(cold.execute(placeBid('a1', 'ann', 100, 'b-1')))).toMatchObject({
      value: { ok: true, duplicate: true, version: 2 },
    });
  });

  it('rejects a retry answered after reading the newer events when the clock throws, and the queue goes on', async () => {
    const store = await storeWithBid();
    const time = breakableClock();
    const service = createAuctionService({ store, clock: time.clock });
    expect((await service.execute(placeBid('a1', 'bob', 150, 'b-2'))).ok).toBe(true);
    time.failIn(1);
    expect(await outcome(service.execute(placeBid('a1', 'ann', 100, 'b-1')))).toEqual({
      error: new Error('clock broke'),
    });
    time.mend();
    expect(await outcome(service.execute(placeBid('a1', 'cy', 200, 'b-3')))).toMatchObject({
      value: { ok: true, version: 4 },
    });
  });

  it('rejects what is left of a written batch when the clock throws while answering it, and reads the stream again', async () => {
    const store = await storeWithBid();
    const time = breakableClock();
    const service = createAuctionService({ store, clock: time.clock });
    expect((await service.execute(placeBid('a1', 'bob', 150, 'b-2'))).ok).toBe(true);
    // One decision (b-3), then the retry's answer reads the clock: that read throws.
    time.failIn(2);
    const written = service.execute(placeBid('a1', 'cy', 200, 'b-3'));
    const retried = service.execute(placeBid('a1', 'ann', 100, 'b-1'));
    expect(await outcome(written)).toMatchObject({ value: { ok: true, version: 4 } });
    expect(await outcome(retried)).toEqual({ error: new Error('clock broke') });
    time.mend();
    store.reads.length = 0;
    expect(await outcome(service.execute(placeBid('a1', 'dan', 250, 'b-4')))).toMatchObject({
      value: { ok: true, version: 5 },
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: undefined }]);
  });

  it('rejects the batch when the store throws instead of returning a promise, and the queue goes on', async () => {
    const inner = await storeWithBid();
    let throwNow = true;
    const store: EventStore = {
      ...inner,
      appendToStream(streamName, events, options) {
        if (throwNow) {
          throwNow = false;
          throw new Error('thrown at once');
        }
        return inner.appendToStream(streamName, events, options);
      },
    };
    const service = createAuctionService({ store, clock: () => T0 + 2_000 });
    expect(await outcome(service.execute(placeBid('a1', 'bob', 150)))).toEqual({
      error: new Error('thrown at once'),
    });
    expect(await outcome(service.execute(placeBid('a1', 'bob', 150)))).toMatchObject({
      value: { ok: true, version: 3 },
    });
  });
});
