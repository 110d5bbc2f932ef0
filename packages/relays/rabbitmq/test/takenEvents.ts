import type { EventStore } from '@gavel/core';
import { expect } from 'vitest';
import type { RelayedMessage } from '../src/index';

/** Stream versions taken by a consumer, by stream, in the order taken. */
export const versionsByStream = (taken: readonly RelayedMessage[]): Map<string, number[]> => {
  const byStream = new Map<string, number[]>();
  for (const message of taken) {
    const versions = byStream.get(message.streamName) ?? [];
    versions.push(message.version);
    byStream.set(message.streamName, versions);
  }
  return byStream;
};

/** The number of events of the auctions' streams in the store. */
export const storedCount = async (store: EventStore, auctionIds: readonly string[]): Promise<number> => {
  let count = 0;
  for (const auctionId of auctionIds)
    count += (await store.readStream(`auction-${auctionId}`)).currentVersion;
  return count;
};

/** Asserts that the consumer took every event of the auctions exactly once, in stream order. */
export const expectEachEventOnce = async (
  store: EventStore,
  auctionIds: readonly string[],
  taken: readonly RelayedMessage[],
): Promise<void> => {
  const byStream = versionsByStream(taken);
  for (const auctionId of auctionIds) {
    const stream = `auction-${auctionId}`;
    const { currentVersion, events } = await store.readStream(stream);
    expect(byStream.get(stream), stream).toEqual(Array.from({ length: currentVersion }, (_, i) => i + 1));
    const bodies = taken.filter((message) => message.streamName === stream).map((message) => message.body);
    expect(bodies.map((body) => (body as { eventId: string }).eventId)).toEqual(
      events.map((event) => event.eventId),
    );
  }
  expect([...byStream.keys()].sort()).toEqual(auctionIds.map((id) => `auction-${id}`).sort());
};
