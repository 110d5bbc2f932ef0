import type { Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { recordedEventMessage } from '../message/recordedEventMessage';
import { readRelayedMessage } from './readRelayedMessage';

const delivered = (content: Buffer, headers: Record<string, unknown>, messageId?: string): Message =>
  ({
    content,
    fields: { routingKey: 'BidPlaced.lot-1', redelivered: true, deliveryTag: 1, exchange: 'x' },
    properties: { headers, messageId },
  }) as unknown as Message;

describe('readRelayedMessage', () => {
  it('reads what the relay wrote', () => {
    const sent = recordedEventMessage({
      type: 'BidPlaced',
      data: { auctionId: 'lot-1', at: 1, bidId: 'b', bidderId: 'x', amount: 100 },
      eventId: 'b',
      streamName: 'auction-lot-1',
      streamVersion: 3,
      globalPosition: 12n,
      recordedAt: 5,
    });
    const read = readRelayedMessage(
      delivered(sent.content, sent.properties.headers as Record<string, unknown>, sent.properties.messageId),
    );
    expect(read).toMatchObject({
      ok: true,
      message: {
        messageId: 'auction-lot-1@3',
        routingKey: 'BidPlaced.lot-1',
        streamName: 'auction-lot-1',
        version: 3,
        position: 12n,
        redelivered: true,
        body: { type: 'BidPlaced', streamVersion: 3, globalPosition: '12' },
      },
    });
  });

  it('answers a problem for a message that is not a relay’s', () => {
    const json = Buffer.from('{}');
    const good = { 'Gavel-Stream': 'auction-a', 'Gavel-Version': 1, 'Gavel-Position': '1' };
    expect(readRelayedMessage(delivered(json, {}))).toEqual({ ok: false, problem: 'no Gavel-Stream header' });
    expect(readRelayedMessage(delivered(json, { ...good, 'Gavel-Version': 0 })).ok).toBe(false);
    expect(readRelayedMessage(delivered(json, { ...good, 'Gavel-Version': '2x' })).ok).toBe(false);
    expect(readRelayedMessage(delivered(json, { ...good, 'Gavel-Position': -1 })).ok).toBe(false);
    expect(readRelayedMessage(delivered(Buffer.from('{'), good))).toEqual({
      ok: false,
      problem: 'the body is not JSON',
    });
    expect(readRelayedMessage(delivered(json, good)).ok).toBe(true);
  });
});
