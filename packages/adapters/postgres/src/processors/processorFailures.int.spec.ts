import { isEventStoreError } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { useTestSchema } from '../../test/testSchema';
import { getPostgresEventStore } from '../getPostgresEventStore';
import type { PostgresProcessorStore } from './postgresProcessorStore';

const { open, schema } = useTestSchema('gavel_proc_fail');
const TIMEOUT_MS = 1_000;
/** What a call may take beyond timeoutMs on a loaded machine (timers firing late). */
const SLACK_MS = 1_500;

/** One call of each kind, on a processor that would exist. */
const everyCall = (processors: PostgresProcessorStore): [string, () => Promise<unknown>][] => {
  const processor = 'failing';
  const commit = { processor, partition: 0, token: 1, position: 1n };
  return [
    ['register', () => processors.register({ processor, partitions: 2, initialCheckpoint: 0n })],
    ['heartbeat', () => processors.heartbeat({ processor, owner: 'a', leaseMs: 1_000 })],
    ['acquire', () => processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: 1_000 })],
    ['commit', () => processors.commit(commit)],
    ['release', () => processors.release({ processor, owner: 'a', partitions: [0], leave: true })],
    ['readState', () => processors.readState({ processor, partition: 0 })],
    ['reset', () => processors.reset(processor)],
    ['headPosition', () => processors.headPosition()],
    ['transact', () => processors.transact(commit, async () => {})],
  ];
};

describe('processor calls that fail', () => {
  it('reject with UNAVAILABLE or TIMEOUT, the cause attached, within timeoutMs when the server cannot be reached', async () => {
    // Port 1 on the loopback: nothing listens, every connection is refused.
    const store = getPostgresEventStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      schema,
      timeoutMs: TIMEOUT_MS,
    });
    let worked = false;
    try {
      for (const [what, call] of everyCall(store.processors)) {
        const started = performance.now();
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isEventStoreError(error), `${what}: an EventStoreError`).toBe(true);
        expect(['UNAVAILABLE', 'TIMEOUT'], what).toContain((error as { code?: unknown }).code);
        expect((error as Error).cause, `${what}: the driver's error as cause`).toBeDefined();
        expect(performance.now() - started, what).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      }
      await store.processors
        .transact({ processor: 'failing', partition: 0, token: 1, position: 1n }, async () => {
          worked = true;
        })
        .catch(() => undefined);
      expect(worked, 'no work runs without a transaction').toBe(false);
    } finally {
      await store.close();
    }
  });

  it('reject with STORE_CLOSED once the store is closed', async () => {
    const store = open();
    await store.close();
    for (const [what, call] of everyCall(store.processors))
      await expect(call(), what).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('refuse a processor reset under a running call as not registered, never as an outage or a deadlock', async () => {
    const store = open();
    const processor = `reset${globalThis.crypto.randomUUID().slice(0, 8)}`;
    for (let round = 0; round < 20; round++) {
      await store.processors.register({ processor, partitions: 4, initialCheckpoint: 0n });
      for (let partition = 0; partition < 4; partition++)
        await store.processors.acquire({ processor, owner: 'a', partition, leaseMs: 1_000 });
      const calls = await Promise.allSettled([
        store.processors.reset(processor),
        ...Array.from({ length: 4 }, (_, partition) =>
          store.processors.acquire({ processor, owner: 'a', partition, leaseMs: 1_000 }),
        ),
        // The owner of the leases beats: it locks their rows while the reset deletes them.
        store.processors.heartbeat({ processor, owner: 'a', leaseMs: 1_000 }),
        store.processors.heartbeat({ processor, owner: 'b', leaseMs: 1_000 }),
        store.processors.commit({
          processor,
          partition: 0,
          token: 1,
          position: 1n,
          changes: { set: [['k', 'v']] },
        }),
      ]);
      for (const call of calls)
        if (call.status === 'rejected') expect(call.reason).toMatchObject({ code: 'INVALID_ARGUMENT' });
      await store.processors.reset(processor);
    }
  });
});
