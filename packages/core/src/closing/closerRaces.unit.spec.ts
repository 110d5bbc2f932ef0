import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../auction/fold';
import { createAuctionService } from '../commandHandling/createAuctionService';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import type { EventStore } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { TEST_AUCTION_START } from '../testing/openAuctionCommand';
import { manualTime } from '../timing/manualTime';
import { closeCounts, openEndingAt } from './closerTestKit';
import { type AuctionCloser, createAuctionCloser } from './createAuctionCloser';

const T0 = TEST_AUCTION_START;

/** Checks every auction: exactly one `AuctionClosed`, at or after its effective end, and the last event. */
const expectClosedOnce = async (store: EventStore, auctionIds: readonly string[]): Promise<void> => {
  const counts = await closeCounts(store);
  expect([...counts.keys()].sort()).toEqual([...auctionIds].sort());
  for (const auctionId of auctionIds) {
    expect(counts.get(auctionId), auctionId).toBe(1);
    const { events } = await store.readStream(`auction-${auctionId}`);
    const last = events[events.length - 1];
    if (last === undefined) throw new Error(`${auctionId} has no events`);
    expect(last.type).toBe('AuctionClosed');
    const state = fold(events.slice(0, -1).map(toAuctionEvent));
    expect((last.data as { at: number }).at).toBeGreaterThanOrEqual(state.endsAt);
  }
};

describe('closers racing on one in-memory store', () => {
  it('records exactly one AuctionClosed per auction with 2 or 3 closers (property, manual clock)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(
          fc.record({
            endIn: fc.integer({ min: 1, max: 5_000 }),
            lateBidAt: fc.option(fc.integer({ min: 1, max: 500 })),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (closerCount, auctions) => {
          const time = manualTime(T0);
          const store = getInMemoryEventStore();
          const bidding = createAuctionService({ store, clock: time.clock });
          const ids = auctions.map((_, i) => `lot-${i}`);
          for (const [i, auction] of auctions.entries())
            await openEndingAt(bidding, ids[i] as string, T0, T0 + auction.endIn, {
              softClose: { windowMs: 1_000, extendMs: 700 },
            });
          const closers: AuctionCloser[] = Array.from({ length: closerCount }, () =>
            createAuctionCloser({
              store,
              service: createAuctionService({ store, clock: time.clock }),
              clock: time.clock,
              scheduler: time.scheduler,
            }),
          );
          await Promise.all(closers.map((closer) => closer.start()));
          // Late bids, each `lateBidAt` ms before its auction's end: extensions the closers must follow.
          const bids = auctions
            .map((auction, i) => ({
              i,
              at: T0 + auction.endIn - (auction.lateBidAt ?? 0),
              late: auction.lateBidAt,
            }))
            .filter((bid) => bid.late !== null && bid.at > T0)
            .sort((a, b) => a.at - b.at);
          for (const bid of bids) {
            await time.advanceTo(bid.at);
            await bidding.execute({
              type: 'PlaceBid',
              data: { auctionId: ids[bid.i] as string, bidderId: 'alice', amount: 100 },
            });
          }
          await time.advanceTo(T0 + 10_000);
          await expectClosedOnce(store, ids);
          const recorded = closers.reduce((sum, closer) => sum + closer.stats().closesRecorded, 0);
          expect(recorded).toBe(ids.length);
          await Promise.all(closers.map((closer) => closer.stop()));
        },
      ),
      { numRuns: 25 },
    );
  });

  for (const closerCount of [2, 3]) {
    it(`records exactly one AuctionClosed per auction with ${closerCount} closers on real timers`, async () => {
      const store = getInMemoryEventStore();
      const bidding = createAuctionService({ store });
      const start = Date.now();
      const ids = Array.from({ length: 60 }, (_, i) => `real-${i}`);
      for (const [i, auctionId] of ids.entries())
        await openEndingAt(bidding, auctionId, start, start + 150 + ((i * 17) % 300), {
          softClose: { windowMs: 100, extendMs: 200 },
        });
      const closers = Array.from({ length: closerCount }, () =>
        createAuctionCloser({ store, service: createAuctionService({ store }) }),
      );
      await Promise.all(closers.map((closer) => closer.start()));
      // A late bid on every third auction, inside its soft-close window: its end moves by up to 200 ms.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < ids.length; i += 3)
        await bidding.execute({
          type: 'PlaceBid',
          data: { auctionId: ids[i] as string, bidderId: 'bob', amount: 100 },
        });
      const deadline = Date.now() + 20_000;
      while ((await closeCounts(store)).size < ids.length && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      // Let any straggling second close land before counting.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expectClosedOnce(store, ids);
      const stats = closers.map((closer) => closer.stats());
      expect(stats.reduce((sum, s) => sum + s.closesRecorded, 0)).toBe(ids.length);
      expect(stats.every((s) => s.openAuctions === 0)).toBe(true);
      await Promise.all(closers.map((closer) => closer.stop()));
    });
  }
});
