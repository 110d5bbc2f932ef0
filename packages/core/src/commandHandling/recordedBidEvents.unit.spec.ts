import { describe, expect, it } from 'vitest';
import { observedStore } from '../../test/observedStore';
import type { AuctionEvent } from '../auction/events';
import type { EventToAppend } from '../eventStore/eventStore';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { decisionEventId } from './eventIds';
import { readRecordedBidEvents } from './recordedBidEvents';

const STREAM = 'auction-a1';
const at = 1_700_000_001_000;

const bid = (bidId: string, bidderId = 'ann'): EventToAppend => ({
  type: 'BidPlaced',
  data: { auctionId: 'a1', at, bidId, bidderId, amount: 100 },
  eventId: bidId,
});
const maxBid = (bidId: string): EventToAppend => ({
  type: 'MaxBidSet',
  data: { auctionId: 'a1', at, bidId, bidderId: 'bob', maxAmount: 900 },
  eventId: bidId,
});
/** The n-th event after a bid's first (a soft-close extension), with the id the service gives it. */
const extension = (bidId: string, n: number): EventToAppend => ({
  type: 'AuctionExtended',
  data: { auctionId: 'a1', at, previousEndsAt: n, endsAt: n + 1 },
  eventId: decisionEventId({ bidId }, n),
});
const opened: EventToAppend = { type: 'AuctionOpened', data: { auctionId: 'a1', at }, eventId: '~c:open' };

/** Versions: 1 opened, 2 bid x, 3 its extension, 4 bid y, 5 max bid z, 6 bid w and 7–22 its 16 extensions. */
const stream = async (first: readonly EventToAppend[] = [opened]) => {
  const store = observedStore(getInMemoryEventStore());
  const w = Array.from({ length: 16 }, (_, i) => extension('w', i + 1));
  const events = [...first, bid('x'), extension('x', 1), bid('y'), maxBid('z'), bid('w'), ...w];
  await store.appendToStream(STREAM, events, { expectedVersion: 'no_stream' });
  return store;
};

const summary = (events: readonly AuctionEvent[]) =>
  events.map((event) => `${event.type}:${'bidId' in event.data ? event.data.bidId : ''}`);

describe('readRecordedBidEvents', () => {
  it('reads a bid’s events in one bounded read from where the index puts it, with the events its decision recorded right after', async () => {
    const store = await stream();
    const events = await readRecordedBidEvents(store, STREAM, 'x', 2);
    expect(summary(events)).toEqual(['BidPlaced:x', 'AuctionExtended:']);
    expect(events[1]).toEqual({
      type: 'AuctionExtended',
      data: { auctionId: 'a1', at, previousEndsAt: 1, endsAt: 2 },
    });
    expect(store.reads).toEqual([{ streamName: STREAM, options: { fromVersion: 1, maxCount: 16 } }]);
  });

  it('stops at the next decision’s event', async () => {
    const store = await stream();
    expect(summary(await readRecordedBidEvents(store, STREAM, 'y', 4))).toEqual(['BidPlaced:y']);
    expect(summary(await readRecordedBidEvents(store, STREAM, 'z', 5))).toEqual(['MaxBidSet:z']);
    expect(store.reads).toHaveLength(2);
  });

  it('reads a bid that is the stream’s last event', async () => {
    const store = observedStore(getInMemoryEventStore());
    await store.appendToStream(STREAM, [opened, bid('x')], { expectedVersion: 'no_stream' });
    expect(summary(await readRecordedBidEvents(store, STREAM, 'x', 2))).toEqual(['BidPlaced:x']);
    expect(store.reads).toHaveLength(1);
  });

  it('searches the whole stream when the index points at another bid, an event of no bid, or past the end', async () => {
    for (const version of [4, 3, 1, 40]) {
      const store = await stream();
      expect(summary(await readRecordedBidEvents(store, STREAM, 'x', version))).toEqual([
        'BidPlaced:x',
        'AuctionExtended:',
      ]);
      expect(store.reads.map((read) => read.options)).toEqual([
        { fromVersion: version - 1, maxCount: 16 },
        undefined,
      ]);
    }
  });

  it('finds a bid that is the stream’s first event', async () => {
    const store = await stream([]);
    expect(summary(await readRecordedBidEvents(store, STREAM, 'x', 9))).toEqual([
      'BidPlaced:x',
      'AuctionExtended:',
    ]);
  });

  it('reads the whole stream when the bid’s events fill the near window (there may be more)', async () => {
    const store = await stream();
    const events = await readRecordedBidEvents(store, STREAM, 'w', 6);
    expect(events).toHaveLength(17);
    expect(summary(events.slice(0, 2))).toEqual(['BidPlaced:w', 'AuctionExtended:']);
    expect(store.reads).toHaveLength(2);
  });

  it('throws, naming the bid and the stream, when the stream does not hold the bid', async () => {
    const store = await stream();
    await expect(readRecordedBidEvents(store, STREAM, 'nope', 2)).rejects.toThrow(
      new Error(`bid 'nope' is indexed but not found in stream '${STREAM}'`),
    );
  });
});
