import { auctionStreamName, getInMemoryEventStore, publicSnapshot } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { describe, expect, it } from 'vitest';
import { openTestAuction, placeBids, SECRET, T0, testBackend } from '../../test/feedTestKit';
import { encodeServerMessage } from '../protocol/serverMessage';
import { createWatchedAuction } from './watchedAuction';

describe('createWatchedAuction', () => {
  it('snapshots the same bytes as serializing the whole snapshot, at every version', async () => {
    const store = getInMemoryEventStore();
    const backend = testBackend(store, () => T0 + 1_000);
    await backend.execute(openTestAuction('w'));
    await placeBids(backend, 'w', 30);
    const { events } = await store.readStream(auctionStreamName('w'));
    const mask = maskBidderId(SECRET);
    const watched = createWatchedAuction('w', mask, 10);
    events.forEach((event, i) => {
      watched.apply(event);
      const snapshot = publicSnapshot(events.slice(0, i + 1), mask);
      if (snapshot === null) throw new Error('no snapshot');
      expect(watched.snapshotFrame().toString()).toBe(
        encodeServerMessage({ type: 'snapshot', ...snapshot }).toString(),
      );
    });
  });

  it('keeps the changes of the resume window, and says when older ones are gone', async () => {
    const store = getInMemoryEventStore();
    const backend = testBackend(store, () => T0 + 1_000);
    await backend.execute(openTestAuction('k'));
    await placeBids(backend, 'k', 40);
    const { events } = await store.readStream(auctionStreamName('k'));
    const watched = createWatchedAuction('k', maskBidderId(SECRET), 10);
    for (const event of events) watched.apply(event);
    const last = watched.version();
    expect(watched.framesAfter(last - 5)?.map((f) => JSON.parse(f.toString()).version)).toEqual([
      last - 4,
      last - 3,
      last - 2,
      last - 1,
      last,
    ]);
    expect(watched.framesAfter(last)).toEqual([]);
    expect(watched.framesAfter(1)).toBeNull();
  });
});
