import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AuctionEvent, MaxBidSet } from '../auction/events';
import { fold } from '../auction/fold';
import { createAuctionService } from '../commandHandling/createAuctionService';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { recordedEventFromJson, recordedEventToJson } from '../eventStore/recordedEventJson';
import { openAuctionCommand, TEST_AUCTION_START } from '../testing/openAuctionCommand';
import {
  isAuctionCancelled,
  isAuctionClosed,
  isAuctionExtended,
  isAuctionOpened,
  isBidPlaced,
  isBidRetracted,
  isMaxBidSet,
} from './auctionEventGuards';
import { AUCTION_EVENT_TYPES, isAuctionEvent, isAuctionEventType } from './auctionEventTypes';
import { readAuctionEvents } from './readAuctionEvents';
import { toAuctionEvent } from './toAuctionEvent';
import { CURRENT_SCHEMA_VERSIONS, UPCASTERS } from './upcasters';

const guards = {
  AuctionOpened: isAuctionOpened,
  BidPlaced: isBidPlaced,
  MaxBidSet: isMaxBidSet,
  AuctionExtended: isAuctionExtended,
  AuctionClosed: isAuctionClosed,
  AuctionCancelled: isAuctionCancelled,
  BidRetracted: isBidRetracted,
} as const;

const withService = async () => {
  let now = TEST_AUCTION_START;
  const store = getInMemoryEventStore();
  const service = createAuctionService({ store, clock: () => now });
  await service.execute(openAuctionCommand('a1', { softClose: { windowMs: 60_000, extendMs: 60_000 } }));
  now += 1_000;
  await service.execute({ type: 'SetMaxBid', data: { auctionId: 'a1', bidderId: 'alice', maxAmount: 900 } });
  now = TEST_AUCTION_START + 86_400_000 - 10;
  await service.execute({ type: 'PlaceBid', data: { auctionId: 'a1', bidderId: 'bob', amount: 300 } });
  return { store, service };
};

describe('the type guards', () => {
  it('each accepts its own type only, as isAuctionEvent does, and never data that is not an object', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AUCTION_EVENT_TYPES, 'Other', 'bidplaced'),
        fc.anything(),
        (type, data) => {
          const event = { type, data };
          expect(isAuctionEventType(type)).toBe(AUCTION_EVENT_TYPES.includes(type as never));
          if (!isAuctionEventType(type) || typeof data !== 'object' || data === null)
            expect(isAuctionEvent(event)).toBe(false);
          for (const [name, guard] of Object.entries(guards))
            expect(guard(event)).toBe(name === type && isAuctionEvent(event));
        },
      ),
    );
  });

  it('has a guard for every event type, and BidRetracted at schema version 1', () => {
    expect(Object.keys(guards).sort()).toEqual([...AUCTION_EVENT_TYPES].sort());
    expect(CURRENT_SCHEMA_VERSIONS.BidRetracted).toBe(1);
    expect(UPCASTERS.get('BidRetracted')).toEqual([]);
  });

  it('narrows the type of data', () => {
    const event: { type: string; data: unknown } = { type: 'MaxBidSet', data: {} };
    if (isMaxBidSet(event)) expectTypeOf(event.data).toEqualTypeOf<MaxBidSet['data']>();
  });
});

describe('readAuctionEvents', () => {
  it('reads typed events with their versions, and they fold', async () => {
    const { store, service } = await withService();
    const { version, events } = await readAuctionEvents(store, 'a1');
    expect(version).toBe(4);
    expect(events.map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'AuctionOpened'],
      [2, 'MaxBidSet'],
      [3, 'BidPlaced'],
      [4, 'AuctionExtended'],
    ]);
    const state = fold(events);
    expect(state.price).toBe(350);
    const view = await service.view('a1');
    expect(view?.price).toBe(state.price);
    expect((await readAuctionEvents(store, 'a1', { fromVersion: 2, maxCount: 1 })).events[0]?.type).toBe(
      'BidPlaced',
    );
    expect(await readAuctionEvents(store, 'nope')).toEqual({ version: 0, events: [] });
  });

  it('toAuctionEvent keeps type and data only', async () => {
    const { store } = await withService();
    const { events } = await readAuctionEvents(store, 'a1');
    const plain: AuctionEvent[] = events.map(toAuctionEvent);
    for (const [i, event] of plain.entries()) {
      expect(Object.keys(event).sort()).toEqual(['data', 'type']);
      expect(event.data).toBe(events[i]?.data);
    }
  });
});

describe('the JSON form of a recorded event', () => {
  it('survives JSON.stringify and round-trips', async () => {
    const { store } = await withService();
    const { events } = await store.readStream('auction-a1');
    expect(() => JSON.stringify(events)).toThrow(TypeError); // the bigint position
    for (const event of events) {
      const json = JSON.parse(JSON.stringify(recordedEventToJson(event)));
      expect(json.globalPosition).toBe(event.globalPosition.toString());
      expect(recordedEventFromJson(json)).toEqual(event);
    }
  });
});
