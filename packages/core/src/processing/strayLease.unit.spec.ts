import { describe, expect, it } from 'vitest';
import { EventStoreError } from '../eventStore/eventStoreError';
import { getInMemoryEventStore } from '../eventStore/inMemoryEventStore';
import { createProcessor } from './createProcessor';

describe('a take that fails after the store granted the lease', () => {
  it('does not leave the lease alive with nobody handling the partition: it is freed and taken again', async () => {
    const store = getInMemoryEventStore();
    let failures = 1;
    // Loading the partition's state fails once, after `acquire` granted the lease.
    const checkpoints = new Proxy(store.processors, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'readState' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (failures-- > 0) throw new EventStoreError('UNAVAILABLE', 'the database is restarting');
          return value.apply(target, args);
        };
      },
    });
    const processor = createProcessor({
      store,
      name: 'stray',
      checkpoints,
      leaseMs: 200,
      renewIntervalMs: 10,
      onAssigned: () => {},
      onError: () => {},
      handle: () => {},
    });
    void processor.start();
    await expect.poll(() => processor.stats().partitionsOwned, { timeout: 2_000 }).toEqual([0]);
    expect(failures).toBeLessThan(0);
    await processor.stop();
  });
});
