import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../eventStore/eventStore';
import { recordedEventToJson } from '../eventStore/recordedEventJson';
import { relayedEventJson } from './relayedEventJson';

const bid = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  type: 'BidPlaced',
  data: { auctionId: 'a', bidId: 'b-1', bidderId: 'alice', amount: 1_500, at: 1_000 },
  eventId: 'e-1',
  streamName: 'auction-a',
  streamVersion: 3,
  globalPosition: 17n,
  recordedAt: 1_001,
  ...overrides,
});

describe('relayedEventJson', () => {
  it('says in the metadata that the data of an event written in an older schema is today’s', () => {
    expect(relayedEventJson(bid()).metadata).toEqual({ schemaVersion: 2 });
    expect(relayedEventJson(bid({ metadata: { traceId: 't', schemaVersion: 1 } })).metadata).toEqual({
      traceId: 't',
      schemaVersion: 2,
    });
  });

  it('is recordedEventToJson exactly for today’s versions, other types and versions it cannot read', () => {
    for (const event of [
      bid({ metadata: { schemaVersion: 2 } }),
      bid({ type: 'AuctionOpened' }),
      bid({ type: 'SomethingElse' }),
      bid({ metadata: { schemaVersion: 'two' } }),
    ])
      expect(relayedEventJson(event)).toEqual(recordedEventToJson(event));
  });
});
