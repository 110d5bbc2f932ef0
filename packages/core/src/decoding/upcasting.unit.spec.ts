import { describe, expect, it } from 'vitest';
import { fold } from '../auction/fold';
import { verify } from '../audit/verify';
import { createAuctionService } from '../commandHandling/createAuctionService';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { readAuctionEvents } from './readAuctionEvents';
import { SCHEMA_VERSION_KEY, schemaVersionOf } from './schemaVersion';
import { toAuctionEvent, upcastRecordedEvent } from './toAuctionEvent';
import { upcastEventData } from './upcastEventData';
import { CURRENT_SCHEMA_VERSIONS } from './upcasters';

const T = 1_000_000;
const opened = {
  type: 'AuctionOpened',
  data: {
    auctionId: 'old',
    at: T,
    sellerId: 'S',
    currency: 'USD',
    startingPrice: 1_000,
    increments: [{ from: 0, increment: 100 }],
    startsAt: T,
    endsAt: T + 60_000,
    belowReserve: 'proxy',
    maxAmount: 1_000_000_000_000,
  },
};
/** A straight bid as version 1 wrote it: no bidId. */
const v1Bid = { type: 'BidPlaced', data: { auctionId: 'old', at: T + 1, bidderId: 'A', amount: 1_000 } };

describe('schema versions and upcasting', () => {
  it('reads a missing schema version as 1', () => {
    expect(schemaVersionOf(undefined)).toBe(1);
    expect(schemaVersionOf({})).toBe(1);
    expect(schemaVersionOf({ [SCHEMA_VERSION_KEY]: 2 })).toBe(2);
    expect(CURRENT_SCHEMA_VERSIONS).toMatchObject({ BidPlaced: 2, AuctionOpened: 1, MaxBidSet: 1 });
  });

  it('upcasts a v1 BidPlaced without bidId: named by its event id, else by its place', () => {
    expect(toAuctionEvent({ ...v1Bid, eventId: 'evt-9', streamVersion: 2 }).data).toEqual({
      ...v1Bid.data,
      bidId: 'evt-9',
    });
    expect(toAuctionEvent({ ...v1Bid, streamVersion: 2 }).data).toMatchObject({ bidId: 'old@2' });
  });

  it('leaves today’s shapes alone, allocating nothing', () => {
    const today = { type: 'BidPlaced', data: { ...v1Bid.data, bidId: 'b1' }, metadata: { schemaVersion: 2 } };
    const upcast = upcastEventData(today);
    expect(upcast).toEqual({ ok: true, data: today.data, schemaVersion: 2 });
    expect(upcast.ok && upcast.data).toBe(today.data);
    const v1WithId = { type: 'BidPlaced', data: today.data };
    expect(upcastRecordedEvent(v1WithId)).toBe(v1WithId);
    expect(toAuctionEvent(opened).data).toBe(opened.data);
  });

  it('refuses schema versions it does not know, and unknown types', () => {
    expect(upcastEventData({ ...v1Bid, metadata: { schemaVersion: 3 } })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_SCHEMA_VERSION',
    });
    expect(upcastEventData({ ...v1Bid, metadata: { schemaVersion: '2' } })).toMatchObject({ ok: false });
    expect(upcastEventData({ type: 'Nope', data: {} })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_EVENT_TYPE',
    });
    // The trusted decoder passes them through unchanged.
    expect(toAuctionEvent({ ...v1Bid, metadata: { schemaVersion: 3 } }).data).toBe(v1Bid.data);
  });

  it('an old stream replays under today’s code: readAuctionEvents, fold and verify', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('auction-old', [opened, v1Bid], { expectedVersion: 'no_stream' });
    const { events } = await readAuctionEvents(store, 'old');
    expect(events[1]?.data).toMatchObject({ bidId: expect.any(String) });
    expect(fold(events).leader).toMatchObject({ bidderId: 'A', bidId: events[1]?.eventId });
    expect(verify((await store.readStream('auction-old')).events)).toEqual({ ok: true, findings: [] });
    await store.close();
  });

  it('the command service bids on top of an old stream', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('auction-old', [opened, v1Bid], { expectedVersion: 'no_stream' });
    const service = createAuctionService({ store, clock: () => T + 2 });
    const outbid = await service.execute({
      type: 'PlaceBid',
      data: { auctionId: 'old', bidderId: 'B', amount: 1_100 },
    });
    expect(outbid).toMatchObject({ ok: true });
    expect(verify((await store.readStream('auction-old')).events).findings).toEqual([]);
    await store.close();
  });
});
