import { type RecordedEvent, recordedEventFromJson } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { recordedEventMessage } from './recordedEventMessage';
import { relayRoutingKey } from './relayRoutingKey';

const event = (auctionId: string, overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  type: 'MaxBidSet',
  data: { auctionId, at: 1_700_000_000_123, bidId: 'b1', bidderId: 'carol', maxAmount: 9_900 },
  eventId: 'b1',
  streamName: `auction-${auctionId}`,
  streamVersion: 7,
  globalPosition: 9_007_199_254_740_993n, // above 2^53: a number would round it
  recordedAt: 1_700_000_000_456,
  ...overrides,
});

describe('recordedEventMessage', () => {
  it('routes by event type and auction token, with the message id, headers and AMQP properties of the contract', () => {
    const message = recordedEventMessage(event('lot 42.*'));
    expect(message.routingKey).toBe('MaxBidSet.lot%2042%2E%2A');
    expect(message.streamName).toBe('auction-lot 42.*');
    expect(message.properties).toEqual({
      persistent: true,
      messageId: 'auction-lot 42.*@7',
      contentType: 'application/json',
      type: 'MaxBidSet',
      timestamp: 1_700_000_000,
      appId: 'gavel',
      headers: {
        'Gavel-Stream': 'auction-lot 42.*',
        'Gavel-Version': 7,
        'Gavel-Position': '9007199254740993',
      },
    });
  });

  it('has the documented JSON form as body, which reads back to the same event', () => {
    const recorded = event('lot-1', { metadata: { schemaVersion: 1, correlationId: 'c' } });
    const body = JSON.parse(recordedEventMessage(recorded).content.toString('utf8'));
    expect(body).toEqual({
      type: 'MaxBidSet',
      data: recorded.data,
      metadata: { schemaVersion: 1, correlationId: 'c' },
      eventId: 'b1',
      streamName: 'auction-lot-1',
      streamVersion: 7,
      globalPosition: '9007199254740993',
      recordedAt: 1_700_000_000_456,
    });
    expect(recordedEventFromJson(body)).toEqual(recorded);
  });

  it('keeps every routing key two words, whatever the auction id holds', () => {
    for (const auctionId of ['a.b', '*', '>', '#', 'a b', 'é', '🎉.#.*', 'x'.repeat(400), '.'.repeat(300)]) {
      const key = relayRoutingKey('BidPlaced', auctionId);
      expect(key.split('.'), auctionId).toHaveLength(2);
      expect(key).toMatch(/^BidPlaced\.[A-Za-z0-9_%~-]+$/);
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(255);
    }
    expect(relayRoutingKey('BidPlaced', 'a.b')).not.toBe(relayRoutingKey('BidPlaced', 'a%2Eb'));
  });
});
