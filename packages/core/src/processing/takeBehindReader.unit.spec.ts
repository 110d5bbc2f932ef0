import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';
import { partitionOf } from './partitionOf';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stream name of each of the 4 partitions. */
const streamOf = (partition: number): string => {
  for (let n = 0; ; n++) if (partitionOf(`s-${n}`, 4) === partition) return `s-${n}`;
};

describe('partitions taken in one renewal behind the reader', () => {
  it('each wait for the reader to go back: none is counted past events the reader read before it was taken', async () => {
    const store = getInMemoryEventStore();
    const append = (partition: number, n: number) =>
      store.appendToStream(streamOf(partition), [{ type: 'T', data: { n } }], { expectedVersion: 'any' });
    const processors = store.processors;
    await processors.register({ processor: 'behind', partitions: 4, initialCheckpoint: 0n });
    await append(1, 1); // position 1
    await append(2, 2); // position 2
    await append(2, 3); // position 3: read (and passed) by the reader before partition 2 is taken
    await append(0, 4); // position 4
    // A process that held partitions 1 to 3 and died, partition 2 checkpointed at 2.
    for (const partition of [1, 2, 3]) {
      const lease = await processors.acquire({ processor: 'behind', owner: 'dead', partition, leaseMs: 300 });
      if (partition === 2)
        await processors.commit({ processor: 'behind', partition, token: lease?.token ?? 0, position: 2n });
    }
    // Taking partition 3 is slow, another process takes it first, and meanwhile the reader reads on.
    let raced = false;
    const checkpoints = new Proxy(processors, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'acquire' || typeof value !== 'function') return value;
        return async (request: { partition: number }) => {
          if (request.partition === 3 && !raced) {
            raced = true;
            await append(0, 5);
            await value.call(target, { processor: 'behind', owner: 'other', partition: 3, leaseMs: 300 });
            await sleep(30);
          }
          return value.call(target, request);
        };
      },
    });
    // A subscription takes a moment to start, as a database's does.
    const slowStart: typeof store = {
      ...store,
      subscribe: (options) => ({
        async *[Symbol.asyncIterator]() {
          await sleep(20);
          yield* store.subscribe(options);
        },
      }),
    };
    const handled = new Set<number>();
    const processor = createProcessor({
      store: slowStart,
      name: 'behind',
      checkpoints,
      partitions: 4,
      leaseMs: 200,
      renewIntervalMs: 10,
      onError: () => {},
      handle: (events) => {
        for (const event of events) handled.add((event.data as { n: number }).n);
      },
    });
    void processor.start();
    await expect.poll(() => processor.stats().partitionsOwned, { timeout: 3_000 }).toEqual([0, 1, 2, 3]);
    // Position 2 was handled by the dead process (its checkpoint); every other event is handled here.
    await expect.poll(() => [...handled].sort(), { timeout: 3_000 }).toEqual([1, 3, 4, 5]);
    await processor.stop();
  });
});
