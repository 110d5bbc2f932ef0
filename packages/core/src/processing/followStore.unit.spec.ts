import { describe, expect, it } from 'vitest';
import { numbers } from '../conformance/conformanceHelpers';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { followStore } from './followStore';

const note = (store: EventStore, n: number) =>
  store.appendToStream('auction-x', [{ type: 'Noted', data: { n } }], { expectedVersion: 'any' });

/** A store whose first `failures` subscriptions throw after one message. */
const failingFirst = (inner: EventStore, failures: number): EventStore & { from: bigint[] } => {
  const from: bigint[] = [];
  return {
    ...inner,
    from,
    subscribe: (options) => {
      from.push(options?.fromPosition ?? 0n);
      const source = inner.subscribe(options);
      if (from.length > failures) return source;
      return {
        async *[Symbol.asyncIterator]() {
          for await (const message of source) {
            yield message;
            throw new EventStoreError('UNAVAILABLE', 'connection lost (test)');
          }
        },
      };
    },
  };
};

describe('followStore', () => {
  it('resumes after a failed subscription from the last event delivered: nothing missed, nothing twice', async () => {
    const inner = getInMemoryEventStore();
    for (const n of [1, 2, 3]) await note(inner, n);
    const store = failingFirst(inner, 2);
    const seen: RecordedEvent[] = [];
    const failures: number[] = [];
    const abort = new AbortController();
    const following = followStore({
      store,
      from: 0n,
      signal: abort.signal,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      onEvent: (event) => {
        seen.push(event);
        if (seen.length === 4) abort.abort();
      },
      onFailure: ({ attempt }) => failures.push(attempt),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await note(inner, 4);
    expect(await following).toBe(4n);
    expect(numbers(seen)).toEqual([1, 2, 3, 4]);
    expect(store.from).toEqual([0n, 1n, 2n]);
    expect(failures).toEqual([1, 1]); // each resubscription that delivers resets the count
  });

  it('waits for a consumer that returns a promise before the next event, and reports caught-up', async () => {
    const store = getInMemoryEventStore();
    for (const n of [1, 2]) await note(store, n);
    const order: string[] = [];
    const abort = new AbortController();
    const following = followStore({
      store,
      from: 0n,
      signal: abort.signal,
      onEvent: async (event) => {
        order.push(`start ${numbers([event])}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        order.push(`end ${numbers([event])}`);
      },
      onCaughtUp: (position) => {
        order.push(`caught up at ${position}`);
        abort.abort();
      },
    });
    await following;
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'caught up at 2']);
  });

  it('stops with the consumer’s error, without resubscribing', async () => {
    const store = getInMemoryEventStore();
    await note(store, 1);
    let subscriptions = 0;
    const counting: EventStore = {
      ...store,
      subscribe: (options) => {
        subscriptions++;
        return store.subscribe(options);
      },
    };
    const following = followStore({
      store: counting,
      from: 0n,
      signal: new AbortController().signal,
      onEvent: () => {
        throw new Error('the consumer broke (test)');
      },
    });
    await expect(following).rejects.toThrow('the consumer broke (test)');
    expect(subscriptions).toBe(1);
  });
});
