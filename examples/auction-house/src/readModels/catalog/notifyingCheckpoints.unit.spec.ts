import type { CheckpointCommit, ProcessorStore } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { notifyingCheckpoints } from './notifyingCheckpoints';

const COMMIT: CheckpointCommit = { processor: 'catalog', partition: 0, token: 1, position: 5n };

/** A processor store whose `transact` runs the work and answers `saved`; other calls are recorded. */
const fakeStore = (saved: boolean) => {
  const calls: string[] = [];
  const store: ProcessorStore<string> = {
    register: async () => void calls.push('register'),
    heartbeat: async () => ({ now: 0, members: [], leases: [] }),
    acquire: async () => null,
    commit: async () => true,
    release: async () => void calls.push('release'),
    readState: async () => [],
    reset: async () => void calls.push('reset'),
    headPosition: async () => 7n,
    transact: async (_request, work) => {
      await work('tx');
      return saved;
    },
    read: async (work) => work('session'),
  };
  return { store, calls };
};

describe('notifyingCheckpoints', () => {
  it('signals after a transaction that committed, not before', async () => {
    const { store } = fakeStore(true);
    const order: string[] = [];
    const checkpoints = notifyingCheckpoints(store, () => order.push('committed'));

    const saved = await checkpoints.transact?.(COMMIT, async (tx) => void order.push(`work in ${tx}`));

    expect(saved).toBe(true);
    expect(order).toEqual(['work in tx', 'committed']);
  });

  it('signals nothing when the checkpoint was refused or the work failed', async () => {
    let signals = 0;
    const refused = notifyingCheckpoints(fakeStore(false).store, () => signals++);
    expect(await refused.transact?.(COMMIT, async () => {})).toBe(false);
    const failing = notifyingCheckpoints(fakeStore(true).store, () => signals++);
    await expect(
      failing.transact?.(COMMIT, async () => {
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(signals).toBe(0);
  });

  it('passes every other call to the store, and answers a store without transactions as it is', async () => {
    const { store, calls } = fakeStore(true);
    const checkpoints = notifyingCheckpoints(store, () => {});
    await checkpoints.register({ processor: 'catalog', partitions: 4, initialCheckpoint: 0n });
    await checkpoints.release({ processor: 'catalog', owner: 'o', partitions: [0] });
    await checkpoints.reset('catalog');
    expect(calls).toEqual(['register', 'release', 'reset']);
    expect(await checkpoints.headPosition()).toBe(7n);
    expect(await checkpoints.read?.(async (session) => `read in ${session}`)).toBe('read in session');

    const { transact: _, read: __, ...plain } = store;
    expect(notifyingCheckpoints(plain, () => {})).toBe(plain);
  });
});
