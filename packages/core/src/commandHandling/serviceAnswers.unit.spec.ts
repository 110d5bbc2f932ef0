import { describe, expect, it } from 'vitest';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { VersionConflictError } from '../eventStore/versionConflictError';
import { openAuction, placeBid, spyStore, T0 } from './commandFixtures';
import { createAuctionService } from './createAuctionService';

const clock = () => T0 + 1_000;

describe('the service’s answers', () => {
  it('carry no view when the auction does not exist', async () => {
    const service = createAuctionService({ store: getInMemoryEventStore(), clock });
    expect(await service.execute(placeBid('nope', 'ann', 100))).toEqual({
      ok: false,
      code: 'AUCTION_NOT_FOUND',
      message: expect.any(String),
      details: expect.anything(),
      version: 0,
    });
  });

  it('give up on a command for an auction that does not exist yet with no view, naming the attempts', async () => {
    const store = spyStore(getInMemoryEventStore());
    store.failWith(new VersionConflictError('auction-a1', 'no_stream', 1));
    const service = createAuctionService({
      store,
      clock,
      retry: { maxAttempts: 2, initialDelayMs: 0, maxDelayMs: 0 },
    });
    expect(await service.execute(openAuction('a1'))).toEqual({
      ok: false,
      code: 'CONFLICT_RETRY_EXHAUSTED',
      message: 'Other writers kept changing the auction: gave up after 2 attempts; send the command again',
      version: 0,
    });
  });

  it('give up with the view and version of the auction as last read', async () => {
    const store = spyStore(getInMemoryEventStore());
    const service = createAuctionService({ store, clock, retry: { maxAttempts: 1 } });
    await service.execute(openAuction('a1'));
    store.failWith(new VersionConflictError('auction-a1', 1, 2));
    expect(await service.execute(placeBid('a1', 'ann', 100))).toEqual({
      ok: false,
      code: 'CONFLICT_RETRY_EXHAUSTED',
      message: 'Other writers kept changing the auction: gave up after 1 attempts; send the command again',
      version: 1,
      view: expect.objectContaining({ auctionId: 'a1', bidCount: 0 }),
    });
  });

  it('read the stream again when the store numbered a write otherwise than the cache expects', async () => {
    const inner = getInMemoryEventStore();
    // A store that records one more event than it was given: a bid of 1 000 by ghost.
    let extra = true;
    const store: EventStore = {
      ...inner,
      async appendToStream(streamName, events, options) {
        const written = await inner.appendToStream(streamName, events, options);
        if (!extra || written.nextExpectedVersion < 2) return written;
        extra = false;
        const ghost = { auctionId: 'a1', at: T0 + 1_000, bidId: 'g-1', bidderId: 'ghost', amount: 1_000 };
        return inner.appendToStream(streamName, [{ type: 'BidPlaced', data: ghost, eventId: 'g-1' }], {
          expectedVersion: written.nextExpectedVersion,
        });
      },
    };
    const service = createAuctionService({ store, clock });
    await service.execute(openAuction('a1'));
    expect(await service.execute(placeBid('a1', 'ann', 100))).toMatchObject({ ok: true, version: 3 });
    // Decided on the stream as it is (ghost leads at 1 000), not on the cache the write would have made.
    expect(await service.execute(placeBid('a1', 'bob', 200))).toMatchObject({
      ok: false,
      code: 'BID_TOO_LOW',
      view: { leaderId: 'ghost' },
    });
    expect(service.stats().conflicts).toBe(0); // read again at once, not found stale by a conflict
  });
});
