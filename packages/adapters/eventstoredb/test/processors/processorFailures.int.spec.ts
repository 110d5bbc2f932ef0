import { EventStoreError, type SubscriptionMessage } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from '../../src';
import { realServerUrl } from '../testServer';
import { uniqueProcessor, useProcessorStores } from './processorTestKit';

const { open } = useProcessorStores();

/** Every call of the processor store, on `processor`. */
const everyCall = (processors: ReturnType<typeof open>['processors'], processor: string) => [
  () => processors.register({ processor, partitions: 1, initialCheckpoint: 0n }),
  () => processors.heartbeat({ processor, owner: 'a', leaseMs: 1_000 }),
  () => processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 1_000 }),
  () =>
    processors.commit({ processor, partition: 0, token: 1, position: 1n, changes: { set: [['k', 'v']] } }),
  () => processors.release({ processor, owner: 'a', partitions: [0], leave: true }),
  () => processors.readState({ processor, partition: 0 }),
  () => processors.reset(processor),
  () => processors.headPosition(),
];

describe('EventStoreDB processor store: failures and the head position', () => {
  it('fails every call with an EventStoreError within timeoutMs when the server cannot be reached', async () => {
    const store = getEventStoreDBEventStore({
      connectionString: 'esdb://127.0.0.1:1?tls=false',
      timeoutMs: 1_000,
      retry: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    try {
      for (const call of everyCall(store.processors, uniqueProcessor())) {
        const startedAt = Date.now();
        const error = await call().then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(error).toBeInstanceOf(EventStoreError);
        expect(['UNAVAILABLE', 'TIMEOUT']).toContain((error as EventStoreError).code);
        expect(Date.now() - startedAt).toBeLessThan(3_000);
      }
    } finally {
      await store.close();
    }
  });

  it('fails every call with STORE_CLOSED once the store is closed', async () => {
    const store = open();
    await store.close();
    for (const call of everyCall(store.processors, uniqueProcessor()))
      await expect(call()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('answers the head as the last position of $all, where a subscription from it finds nothing again', async () => {
    const store = open();
    const processor = uniqueProcessor('head');
    await store.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const appended = await store.appendToStream(
      `head${processor.slice(5)}-1`,
      [{ type: 'Tested', data: {} }],
      {
        expectedVersion: 'no_stream',
      },
    );
    const head = await store.processors.headPosition();
    if (realServerUrl === undefined) expect(head).toBe(appended.lastPosition);
    else expect(head).toBeGreaterThanOrEqual(appended.lastPosition);
    // Processor writes are events of $all too: the head moves past them (nothing is excluded).
    await store.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 1_000 });
    const later = await store.processors.headPosition();
    expect(later).toBeGreaterThan(head);
    const next = `head${processor.slice(5)}-2`;
    const messages: SubscriptionMessage[] = [];
    const signal = AbortSignal.timeout(10_000);
    for await (const message of store.subscribe({ fromPosition: later, signal })) {
      messages.push(message);
      if (message.type === 'caught-up')
        await store.appendToStream(next, [{ type: 'Tested', data: {} }], { expectedVersion: 'no_stream' });
      else if (message.event.streamName === next) break;
    }
    expect(
      messages.map((message) => (message.type === 'event' ? message.event.streamName : message.type)),
    ).toEqual(['caught-up', next]);
  });
});
