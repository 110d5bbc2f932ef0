import { rmSync } from 'node:fs';
import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { settled, useProcessorTestFiles } from '../../test/processorTestKit';
import { migrate, migrations } from '../migrations';

const { freshPath, open } = useProcessorTestFiles('processor-failures');
const LONG = 60_000;

describe('the processor store’s failures, mapped like the event store’s', () => {
  it('answers every write BUSY after busyTimeoutMs under another connection’s lock, reads at once', async () => {
    const path = freshPath();
    const store = open({ path, busyTimeoutMs: 80 });
    const processor = 'locked';
    await store.processors.register({ processor, partitions: 2, initialCheckpoint: 0n });
    const lease = await store.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LONG });
    const commit = { processor, partition: 0, token: lease?.token ?? -1, position: 1n };
    const holder = new Libsql(path);
    holder.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      const started = performance.now();
      const writes = await Promise.all([
        settled(store.processors.register({ processor: 'other', partitions: 1, initialCheckpoint: 0n })),
        settled(store.processors.heartbeat({ processor, owner: 'a', leaseMs: LONG })),
        settled(store.processors.acquire({ processor, owner: 'a', partition: 1, leaseMs: LONG })),
        settled(store.processors.commit(commit)),
        settled(store.processors.release({ processor, owner: 'a', partitions: [0] })),
        settled(store.processors.reset('other')),
        settled(store.processors.transact(commit, async () => {})),
      ]);
      const elapsed = performance.now() - started;
      for (const write of writes)
        expect(write).toMatchObject({ ok: false, error: { code: 'BUSY', mayHaveWritten: false } });
      expect(elapsed).toBeGreaterThanOrEqual(75);
      expect(ticks).toBeGreaterThanOrEqual(5);
      // Readers do not wait for a writer (WAL).
      expect(await store.processors.readState({ processor, partition: 0 })).toEqual([]);
      expect(await store.processors.headPosition()).toBe(0n);
    } finally {
      clearInterval(ticker);
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await store.processors.commit({ ...commit, position: 2n })).toBe(true);
  });

  it('waits for a lock released within busyTimeoutMs', async () => {
    const path = freshPath();
    const store = open({ path });
    await store.processors.register({ processor: 'p', partitions: 1, initialCheckpoint: 0n });
    const holder = new Libsql(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const acquiring = store.processors.acquire({ processor: 'p', owner: 'a', partition: 0, leaseMs: LONG });
      await new Promise((resolve) => setTimeout(resolve, 60));
      holder.exec('COMMIT');
      expect(await acquiring).toMatchObject({ owner: 'a', token: 1 });
    } finally {
      holder.close();
    }
  });

  it('fails every call with UNAVAILABLE once the file was deleted', async () => {
    const path = freshPath();
    const store = open({ path });
    await store.processors.register({ processor: 'p', partitions: 1, initialCheckpoint: 0n });
    rmSync(path);
    for (const call of [
      () => store.processors.acquire({ processor: 'p', owner: 'a', partition: 0, leaseMs: LONG }),
      () =>
        store.processors.transact({ processor: 'p', partition: 0, token: 0, position: 1n }, async () => {}),
      () => store.processors.readState({ processor: 'p', partition: 0 }),
      () => store.processors.headPosition(),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('refuses a request that is not an object, or lacks a field, with INVALID_ARGUMENT', async () => {
    const store = open({ path: ':memory:' });
    await store.processors.register({ processor: 'p', partitions: 1, initialCheckpoint: 0n });
    const processors = store.processors as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const calls: [string, () => Promise<unknown>][] = [
      ['null request', () => processors.acquire?.(null) as Promise<unknown>],
      [
        'no owner',
        () => processors.acquire?.({ processor: 'p', partition: 0, leaseMs: 1 }) as Promise<unknown>,
      ],
      ['no partitions', () => processors.release?.({ processor: 'p', owner: 'a' }) as Promise<unknown>],
      [
        'no work',
        () =>
          processors.transact?.({ processor: 'p', partition: 0, token: 0, position: 0n }) as Promise<unknown>,
      ],
      ['no checkpoint', () => processors.register?.({ processor: 'q', partitions: 1 }) as Promise<unknown>],
    ];
    for (const [what, call] of calls)
      await expect(call(), what).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('a file made before processors existed (schema version 1)', () => {
  it('is migrated when a store opens it: its events stay, and processors work', async () => {
    const path = freshPath();
    const old = new Libsql(path);
    try {
      migrate(old, migrations.slice(0, 1));
      old.exec(
        "INSERT INTO gavel_events (stream_name, stream_version, event_id, type, data, metadata, recorded_at) VALUES ('s-1', 1, 'e1', 'T', '{}', NULL, 0)",
      );
    } finally {
      old.close();
    }
    const store = open({ path });
    expect((await store.readStream('s-1')).currentVersion).toBe(1);
    expect(await store.processors.headPosition()).toBe(1n);
    await store.processors.register({ processor: 'p', partitions: 1, initialCheckpoint: 1n });
    expect(
      await store.processors.acquire({ processor: 'p', owner: 'a', partition: 0, leaseMs: LONG }),
    ).toMatchObject({
      checkpoint: 1n,
    });
  });
});
