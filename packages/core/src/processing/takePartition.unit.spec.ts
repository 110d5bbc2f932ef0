import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';
import { partitionOf } from './partitionOf';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('partitions taken over while the reader runs ahead of its checkpoint', () => {
  it('get every event after their checkpoints, none skipped by events read while they were being taken', async () => {
    const store = getInMemoryEventStore();
    const names = Array.from({ length: 16 }, (_, i) => `s-${i}`);
    const streamsOf = (partitions: readonly number[]) =>
      names.filter((name) => partitions.includes(partitionOf(name, 4)));
    const [mine, theirs] = [streamsOf([0, 1]), streamsOf([2, 3])];
    const processors = store.processors;
    const leaseMs = 400;
    await processors.register({ processor: 'takeover', partitions: 4, initialCheckpoint: 0n });
    // A process that held partition 1 and died: its lease and membership lapse on their own.
    await processors.heartbeat({ processor: 'takeover', owner: 'dead', leaseMs });
    expect(
      await processors.acquire({ processor: 'takeover', owner: 'dead', partition: 1, leaseMs }),
    ).not.toBeNull();

    // A store a little slow to answer, as a database is: the reader runs on while a lease is taken.
    const slow = new Proxy(processors, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'acquire' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await sleep(15);
          return value.apply(target, args);
        };
      },
    });
    const handled = new Set<string>();
    const processor = createProcessor({
      store,
      name: 'takeover',
      checkpoints: slow,
      partitions: 4,
      leaseMs,
      renewIntervalMs: 20,
      batchSize: 5,
      onError: () => {},
      handle: async (events) => {
        for (const event of events) handled.add(`${event.streamName}@${event.streamVersion}`);
        await sleep(1); // the reader keeps delivering while a batch is handled
      },
    });
    // Events on both partitions all along: the reader is busy when partition 1 comes free.
    let stopAt = Number.POSITIVE_INFINITY;
    const writer = (async () => {
      for (let n = 0; n < stopAt && n < 20_000; n++) {
        // Until 300 events after partition 1 was taken.
        if (stopAt === Number.POSITIVE_INFINITY && processor.stats().partitionsOwned.includes(1))
          stopAt = n + 300;
        const streams = n % 2 === 0 ? mine : theirs;
        const stream = streams[n % streams.length] as string;
        await store.appendToStream(stream, [{ type: 'T', data: { n } }], { expectedVersion: 'any' });
        if (n % 3 === 0) await sleep(1);
      }
    })();
    void processor.start();
    await writer;
    expect(stopAt).toBeLessThan(20_000); // partitions 2 and 3 were taken while events were being written
    expect(processor.stats().partitionsOwned).toEqual([0, 1, 2, 3]);
    const expected: string[] = [];
    for (const name of names) {
      const { events } = await store.readStream(name);
      for (const event of events) expected.push(`${event.streamName}@${event.streamVersion}`);
    }
    expect(expected.length).toBeGreaterThan(100);
    await expect.poll(() => expected.filter((id) => !handled.has(id)), { timeout: 5_000 }).toEqual([]);
    await processor.stop();
  });
});
