import { type EventStore, EventStoreError, getInMemoryEventStore, type RecordedEvent } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import type { AuctionFeedError } from './feedError';
import { followFromEnd } from './followFromEnd';

const note = (store: EventStore, n: number) =>
  store.appendToStream('auction-x', [{ type: 'Noted', data: { n } }], { expectedVersion: 'any' });

describe('followFromEnd', () => {
  it("starts at the store's end: the history is not read, what comes after is delivered", async () => {
    const store = getInMemoryEventStore();
    for (const n of [1, 2, 3]) await note(store, n);
    const seen: RecordedEvent[] = [];
    const following = followFromEnd({ store, onEvent: (event) => seen.push(event), onError: () => {} });
    expect(await following.started).toBe(3n);
    await note(store, 4);
    await new Promise((resolve) => setTimeout(resolve, 20));
    following.stop();
    await following.done;
    expect(
      seen.map(({ data }) => (typeof data === 'object' && data !== null && 'n' in data ? data.n : null)),
    ).toEqual([4]);
  });

  it("reads the store's end again while it fails, reporting each failure", async () => {
    const inner = getInMemoryEventStore();
    let failures = 2;
    const store: EventStore = {
      ...inner,
      processors: {
        ...inner.processors,
        headPosition: async () => {
          if (failures-- > 0) throw new EventStoreError('UNAVAILABLE', 'database down (test)');
          return inner.processors.headPosition();
        },
      },
    };
    const errors: AuctionFeedError[] = [];
    const following = followFromEnd({ store, onEvent: () => {}, onError: (error) => errors.push(error) });
    expect(await following.started).toBe(0n);
    following.stop();
    await following.done;
    expect(errors.map((error) => error.code)).toEqual(['SUBSCRIPTION_FAILED', 'SUBSCRIPTION_FAILED']);
    expect(errors[0]?.retryInMs).toBeGreaterThanOrEqual(25);
    expect(errors[0]?.cause).toMatchObject({ code: 'UNAVAILABLE' });
  });
});
