import {
  auctionStreamName,
  type EventStore,
  EventStoreError,
  getInMemoryEventStore,
  type RecordedEvent,
} from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { describe, expect, it } from 'vitest';
import { openTestAuction, placeBids, SECRET, T0, testBackend } from '../../test/feedTestKit';
import { createAuctionWatches } from './auctionWatches';
import { emptyFeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';

const subscriber = (auctionId: string) => {
  const frames: { type: string; version: number }[] = [];
  const subscription: FeedSubscription = {
    auctionId,
    cursor: 0,
    active: true,
    send: (frame) => frames.push(JSON.parse(frame.toString())),
  };
  return { subscription, frames };
};

const setUp = async (store: EventStore = getInMemoryEventStore(), maxIdleAuctions = 10) => {
  const backend = testBackend(store, () => T0 + 1_000);
  const errors: unknown[] = [];
  const stats = emptyFeedStats();
  const watches = createAuctionWatches({
    store,
    mask: maskBidderId(SECRET),
    resumeWindow: 100,
    maxIdleAuctions,
    stats,
    onError: (error) => errors.push(error),
  });
  const eventsOf = async (auctionId: string): Promise<readonly RecordedEvent[]> =>
    (await store.readStream(auctionStreamName(auctionId))).events;
  return { store, backend, watches, errors, stats, eventsOf };
};

describe('auction watches', () => {
  it('fills a gap in the live events by reading the stream, in order', async () => {
    const { backend, watches, eventsOf } = await setUp();
    await backend.execute(openTestAuction('a'));
    const { subscription, frames } = subscriber('a');
    expect(await watches.subscribe(subscription)).toBe('ok');
    await placeBids(backend, 'a', 3);
    const events = await eventsOf('a');
    watches.deliver(events[3] as RecordedEvent); // versions 2 and 3 were never delivered
    await new Promise((resolve) => setTimeout(resolve, 20));
    watches.deliver(events[1] as RecordedEvent); // late duplicates are ignored
    expect(frames.map((f) => `${f.type}@${f.version}`)).toEqual([
      'snapshot@1',
      'change@2',
      'change@3',
      'change@4',
    ]);
  });

  it('serves a resume from a version this instance has not seen yet by reading the stream first', async () => {
    const { backend, watches } = await setUp();
    await backend.execute(openTestAuction('b'));
    const first = subscriber('b');
    await watches.subscribe(first.subscription);
    await placeBids(backend, 'b', 4); // appended but not delivered: this instance lags
    const resumed = subscriber('b');
    expect(await watches.subscribe(resumed.subscription, 3)).toBe('ok');
    expect(resumed.frames.map((f) => `${f.type}@${f.version}`)).toEqual(['change@4', 'change@5']);
    // The lagging watch caught up for everyone, in order.
    expect(first.frames.map((f) => f.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a client ahead of the store with a snapshot', async () => {
    const { backend, watches } = await setUp();
    await backend.execute(openTestAuction('c'));
    const { subscription, frames } = subscriber('c');
    await watches.subscribe(subscription, 99);
    expect(frames).toMatchObject([{ type: 'snapshot', version: 1 }]);
  });

  it('says not-found for an auction that does not exist, and does not keep it', async () => {
    const { watches, stats } = await setUp();
    expect(await watches.subscribe(subscriber('nope').subscription)).toBe('not-found');
    expect(stats.watchedAuctions + stats.idleAuctions).toBe(0);
  });

  it('says unavailable when the first read fails, and reads again on the next subscribe', async () => {
    const inner = getInMemoryEventStore();
    let failures = 0;
    const store: EventStore = {
      ...inner,
      readStream: async (...args) => {
        if (failures-- > 0) throw new EventStoreError('UNAVAILABLE', 'down');
        return inner.readStream(...args);
      },
    };
    const { backend, watches, errors } = await setUp(store);
    await backend.execute(openTestAuction('d'));
    failures = 1;
    expect(await watches.subscribe(subscriber('d').subscription)).toBe('unavailable');
    expect(errors).toMatchObject([{ code: 'READ_FAILED', auctionId: 'd', cause: { code: 'UNAVAILABLE' } }]);
    expect(await watches.subscribe(subscriber('d').subscription)).toBe('ok');
  });

  it('says invalid, reporting nothing, when the store refuses the id (INVALID_ARGUMENT)', async () => {
    const inner = getInMemoryEventStore();
    const store: EventStore = {
      ...inner,
      readStream: async () => {
        throw new EventStoreError('INVALID_ARGUMENT', 'streamName must be well-formed text');
      },
    };
    const { watches, errors, stats } = await setUp(store);
    expect(await watches.subscribe(subscriber('g').subscription)).toBe('invalid');
    expect(errors).toEqual([]);
    expect(stats).toMatchObject({ storeErrors: 0, watchedAuctions: 0, idleAuctions: 0 });
  });

  it('keeps at most maxIdleAuctions auctions without watchers, dropping the least recent', async () => {
    const { backend, watches, stats } = await setUp(undefined, 2);
    for (const id of ['e1', 'e2', 'e3']) {
      await backend.execute(openTestAuction(id));
      const { subscription } = subscriber(id);
      await watches.subscribe(subscription);
      watches.unsubscribe(subscription);
    }
    expect(stats.idleAuctions).toBe(2);
    expect(stats.watchedAuctions).toBe(0);
  });

  it('never sends a replaced or cancelled subscription anything', async () => {
    const { backend, watches } = await setUp();
    await backend.execute(openTestAuction('f'));
    const { subscription, frames } = subscriber('f');
    const pending = watches.subscribe(subscription);
    watches.unsubscribe(subscription);
    expect(await pending).toBe('cancelled');
    await placeBids(backend, 'f', 1);
    expect(frames).toEqual([]);
  });
});
