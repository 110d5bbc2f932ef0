/**
 * Test-only: the one check of what a relay stored, used by every NATS test: each event of the store is
 * in the stream exactly once (counted by `Nats-Msg-Id`), with its subject, headers and JSON body, and
 * each auction's messages are stored in stream order.
 */
import { auctionToken, decodeAuctionEvent, type RecordedEvent, relayedEventJson } from '@gavel/core';
import { expect } from 'vitest';
import type { StoredMessage } from './streamContents';

export const expectEveryEventOnce = (
  events: readonly RecordedEvent[],
  messages: readonly StoredMessage[],
  subjectPrefix = 'gavel',
): void => {
  const byId = new Map<string, StoredMessage[]>();
  for (const message of messages) {
    const id = message.headers['Nats-Msg-Id'] ?? '';
    byId.set(id, [...(byId.get(id) ?? []), message]);
  }
  const twice = [...byId].filter(([, stored]) => stored.length > 1).map(([id]) => id);
  expect(twice, 'message ids stored more than once').toEqual([]);
  const missing = events
    .map((event) => `${event.streamName}@${event.streamVersion}`)
    .filter((id) => !byId.has(id));
  expect(missing, 'events of the store missing from the stream').toEqual([]);
  expect(messages.length, 'messages that are no event of the store').toBe(events.length);
  const lastSeq = new Map<string, { version: number; seq: number }>();
  for (const event of events) {
    const [message] = byId.get(`${event.streamName}@${event.streamVersion}`) as StoredMessage[];
    if (message === undefined) throw new Error('unreachable');
    const auctionId = event.streamName.slice('auction-'.length);
    expect(message.subject).toBe(`${subjectPrefix}.${event.type}.${auctionToken(auctionId)}`);
    expect(message.headers['Gavel-Stream']).toBe(event.streamName);
    expect(message.headers['Gavel-Version']).toBe(String(event.streamVersion));
    expect(message.headers['Gavel-Position']).toBe(String(event.globalPosition));
    const body = JSON.parse(message.body) as Record<string, unknown>;
    expect(body).toEqual(relayedEventJson(decodeAuctionEvent(event) ?? event));
    const before = lastSeq.get(event.streamName);
    if (before !== undefined) {
      expect(event.streamVersion).toBeGreaterThan(before.version);
      expect(
        message.seq,
        `${event.streamName}@${event.streamVersion} stored before version ${before.version}`,
      ).toBeGreaterThan(before.seq);
    }
    lastSeq.set(event.streamName, { version: event.streamVersion, seq: message.seq });
  }
};
