import { describe, expect, it } from 'vitest';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';
import { partitionOf } from './partitionOf';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a partition given up in a rebalance', () => {
  it('never gets a checkpoint past the events read while its batch in hand finished', async () => {
    const store = getInMemoryEventStore();
    const stream = ['s-0', 's-1', 's-2', 's-3'].find((name) => partitionOf(name, 2) === 1) as string;
    const handled: string[] = [];
    let gate: Promise<void> = Promise.resolve();
    let openGate = (): void => {};
    const make = () =>
      createProcessor({
        store,
        name: 'rebalance',
        partitions: 2,
        leaseMs: 1_000,
        renewIntervalMs: 50,
        onError: () => {},
        handle: async (events) => {
          for (const event of events) handled.push(`${event.streamName}@${event.streamVersion}`);
          await gate;
        },
      });
    const append = (n: number) =>
      store.appendToStream(stream, [{ type: 'T', data: { n } }], { expectedVersion: 'any' });

    const first = make();
    await first.start(); // owns both partitions
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    await append(1); // its batch waits in the handler
    await sleep(50);
    const second = make();
    void second.start(); // the first gives partition 1 up at its next renewal, once its batch is done
    await sleep(300);
    await append(2); // read while partition 1 is being released
    await append(3);
    await sleep(50);
    openGate();
    await expect.poll(() => second.stats().partitionsOwned, { timeout: 5_000 }).toContain(1);
    await expect.poll(() => handled.includes(`${stream}@3`), { timeout: 5_000 }).toBe(true);
    await Promise.all([first.stop(), second.stop()]);
    expect(handled).toEqual(expect.arrayContaining([`${stream}@1`, `${stream}@2`, `${stream}@3`]));
  });
});
