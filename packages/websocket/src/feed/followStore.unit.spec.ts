import { type EventStore, EventStoreError, getInMemoryEventStore, type RecordedEvent } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { followStore } from './followStore';

describe('followStore', () => {
  it('resumes after a failed subscription from the last position seen, without a duplicate', async () => {
    const inner = getInMemoryEventStore();
    await inner.appendToStream('auction-x', [{ type: 'Noted', data: { n: 1 } }], { expectedVersion: 'any' });
    await inner.appendToStream('auction-x', [{ type: 'Noted', data: { n: 2 } }], { expectedVersion: 'any' });
    let calls = 0;
    const from: bigint[] = [];
    const store: EventStore = {
      ...inner,
      subscribe: (options) => {
        calls++;
        from.push(options?.fromPosition ?? 0n);
        const source = inner.subscribe(options);
        if (calls > 1) return source;
        return {
          async *[Symbol.asyncIterator]() {
            for await (const message of source) {
              yield message;
              throw new EventStoreError('UNAVAILABLE', 'connection lost');
            }
          },
        };
      },
    };
    const seen: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const abort = new AbortController();
    const following = followStore({
      store,
      fromPosition: 0n,
      onEvent: (event) => {
        seen.push(event);
        if (seen.length === 3) abort.abort();
      },
      onError: (error) => errors.push(error),
      signal: abort.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await inner.appendToStream('auction-x', [{ type: 'Noted', data: { n: 3 } }], { expectedVersion: 'any' });
    await following;
    expect(seen.map((event) => (event.data as { n: number }).n)).toEqual([1, 2, 3]);
    expect(errors).toHaveLength(1);
    expect(from).toEqual([0n, seen[0]?.globalPosition]);
  });
});
