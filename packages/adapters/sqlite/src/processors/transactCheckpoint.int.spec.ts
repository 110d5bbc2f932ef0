import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { deferred, settled, sleep, useProcessorTestFiles } from '../../test/processorTestKit';
import type { SqliteEventStore } from '../getSqliteEventStore';
import type { SqliteTransaction } from './sqliteTransaction';

const { freshPath, open } = useProcessorTestFiles('transact');
const LONG = 60_000;

const READ_MODEL = 'CREATE TABLE IF NOT EXISTS bid_counts (auction TEXT PRIMARY KEY, bids INTEGER NOT NULL)';
const countBid = (tx: SqliteTransaction, auction: string): void => {
  tx.run(READ_MODEL);
  tx.run('INSERT INTO bid_counts VALUES (?, 1) ON CONFLICT DO UPDATE SET bids = bids + 1', [auction]);
};

/** The rows of the read model as another connection sees them (committed only). */
const committedCounts = (path: string): unknown[] => {
  const db = new Libsql(path);
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'bid_counts'").get();
    return table === undefined
      ? []
      : db.prepare('SELECT auction, bids FROM bid_counts ORDER BY auction').raw(true).all();
  } finally {
    db.close();
  }
};

/** A store with a registered processor whose partition 0 is held by 'a'; the commit to make under it. */
const holding = async (store: SqliteEventStore, processor = 'model') => {
  await store.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
  const lease = await store.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LONG });
  return { processor, partition: 0, token: lease?.token ?? -1 };
};

const checkpointOf = async (store: SqliteEventStore, processor: string): Promise<bigint | undefined> =>
  (await store.processors.heartbeat({ processor, owner: 'observer', leaseMs: LONG })).leases[0]?.checkpoint;

describe('processors.transact', () => {
  it('commits the work’s rows, the checkpoint and the state changes together', async () => {
    const path = freshPath();
    const store = open({ path });
    const commit = await holding(store);
    const done = await store.processors.transact(
      { ...commit, position: 12n, changes: { set: [['seen', '2']] } },
      async (tx) => {
        countBid(tx, 'a-1');
        await sleep(1);
        countBid(tx, 'a-1');
      },
    );
    expect(done).toBe(true);
    expect(committedCounts(path)).toEqual([['a-1', 2]]);
    expect(await checkpointOf(store, commit.processor)).toBe(12n);
    expect(await store.processors.readState({ processor: commit.processor, partition: 0 })).toEqual([
      ['seen', '2'],
    ]);
  });

  it('rolls back a work that throws: neither rows, nor checkpoint, nor state; it rejects with that error', async () => {
    const path = freshPath();
    const store = open({ path });
    const commit = await holding(store);
    await store.processors.transact({ ...commit, position: 1n }, async (tx) => countBid(tx, 'a-1'));
    const failure = new Error('the handler failed');
    const outcome = await settled(
      store.processors.transact({ ...commit, position: 2n, changes: { set: [['k', 'v']] } }, async (tx) => {
        countBid(tx, 'a-1');
        countBid(tx, 'a-2');
        await sleep(1);
        throw failure;
      }),
    );
    expect(outcome).toEqual({ ok: false, error: failure });
    expect(committedCounts(path)).toEqual([['a-1', 1]]);
    expect(await checkpointOf(store, commit.processor)).toBe(1n);
    expect(await store.processors.readState({ processor: commit.processor, partition: 0 })).toEqual([]);
  });

  it('makes the appends of this store wait until it ends, outside of it', async () => {
    const path = freshPath();
    const store = open({ path });
    const commit = await holding(store);
    const inWork = deferred();
    const finish = deferred();
    const failure = new Error('rolled back');
    const transaction = settled(
      store.processors.transact({ ...commit, position: 1n }, async (tx) => {
        countBid(tx, 'a-1');
        inWork.resolve();
        await finish.promise;
        throw failure;
      }),
    );
    await inWork.promise;
    let appended = false;
    const append = store
      .appendToStream('waits-1', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' })
      .then((result) => {
        appended = true;
        return result;
      });
    const heartbeat = settled(
      store.processors.heartbeat({ processor: commit.processor, owner: 'b', leaseMs: LONG }),
    );
    await sleep(50);
    expect(appended).toBe(false);
    finish.resolve();
    expect(await transaction).toEqual({ ok: false, error: failure });
    // The append was not part of the rolled-back transaction: it committed after it.
    expect(await append).toMatchObject({ nextExpectedVersion: 1 });
    expect(await heartbeat).toMatchObject({ ok: true });
    expect((await store.readStream('waits-1')).currentVersion).toBe(1);
    expect(committedCounts(path)).toEqual([]);
  });

  it('runs two transactions of one store one after the other', async () => {
    const store = open({ path: freshPath() });
    const commit = await holding(store);
    const steps: string[] = [];
    const first = store.processors.transact({ ...commit, position: 1n }, async () => {
      steps.push('first in');
      await sleep(30);
      steps.push('first out');
    });
    const second = store.processors.transact({ ...commit, position: 2n }, async () => {
      steps.push('second in');
    });
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(steps).toEqual(['first in', 'first out', 'second in']);
    expect(await checkpointOf(store, commit.processor)).toBe(2n);
  });

  it('fails this store’s appends with BUSY once a transaction held the lock past busyTimeoutMs', async () => {
    const store = open({ path: freshPath(), busyTimeoutMs: 80 });
    const commit = await holding(store);
    const started = deferred();
    const transaction = store.processors.transact({ ...commit, position: 1n }, async () => {
      started.resolve();
      await sleep(250);
    });
    await started.promise;
    const append = await settled(
      store.appendToStream('busy-1', [{ type: 'T', data: {} }], { expectedVersion: 'any' }),
    );
    expect(append).toMatchObject({ ok: false, error: { code: 'BUSY', mayHaveWritten: false } });
    expect(await transaction).toBe(true);
    expect((await store.readStream('busy-1')).currentVersion).toBe(0);
  });

  it('makes another connection wait for it too, and fail with BUSY past its busyTimeoutMs', async () => {
    const path = freshPath();
    const store = open({ path });
    const other = open({ path, busyTimeoutMs: 60 });
    const patient = open({ path });
    const commit = await holding(store);
    const started = deferred();
    const transaction = store.processors.transact({ ...commit, position: 1n }, async (tx) => {
      countBid(tx, 'a-1');
      started.resolve();
      await sleep(200);
    });
    await started.promise;
    const [impatient, waiting] = await Promise.all([
      settled(
        other.processors.acquire({ processor: commit.processor, owner: 'x', partition: 0, leaseMs: LONG }),
      ),
      settled(patient.appendToStream('after-1', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' })),
    ]);
    expect(impatient).toMatchObject({ ok: false, error: { code: 'BUSY', mayHaveWritten: false } });
    expect(waiting).toMatchObject({ ok: true });
    expect(await transaction).toBe(true);
    expect(committedCounts(path)).toEqual([['a-1', 1]]);
  });

  it('refuses the transaction once the work is over, and a work that ends it itself', async () => {
    const path = freshPath();
    const store = open({ path });
    const commit = await holding(store);
    let leaked: SqliteTransaction | undefined;
    await store.processors.transact({ ...commit, position: 1n }, async (tx) => {
      leaked = tx;
    });
    expect(() => leaked?.run(READ_MODEL)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    await expect(
      store.processors.transact({ ...commit, position: 2n }, async (tx) => {
        tx.run('COMMIT');
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await checkpointOf(store, commit.processor)).toBe(1n);
    // The store goes on.
    expect(
      await store.processors.transact({ ...commit, position: 3n }, async (tx) => countBid(tx, 'x')),
    ).toBe(true);
    expect(committedCounts(path)).toEqual([['x', 1]]);
  });

  it('hands the work positional and named parameters, rows as objects, and SQLite’s own errors', async () => {
    const store = open({ path: ':memory:' });
    const commit = await holding(store);
    let seen: unknown[] = [];
    await store.processors.transact({ ...commit, position: 1n }, async (tx) => {
      tx.run('CREATE TABLE bidders (id TEXT PRIMARY KEY, bids INTEGER, note TEXT)');
      expect(tx.run('INSERT INTO bidders VALUES (?, ?, ?)', ['u1', 1, null])).toEqual({
        changes: 1,
        lastInsertRowid: 1,
      });
      tx.run('INSERT INTO bidders VALUES (:id, @bids, $note)', { id: 'u2', bids: 2, note: 'é' });
      const duplicate = (() => {
        try {
          tx.run('INSERT INTO bidders VALUES (?, 0, NULL)', ['u1']);
          return null;
        } catch (error) {
          return error;
        }
      })();
      expect(duplicate).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
      seen = [
        tx.all('SELECT id, bids, note FROM bidders ORDER BY id'),
        tx.get('SELECT id FROM bidders WHERE bids = ?', [2]),
        tx.get('SELECT id FROM bidders WHERE bids = ?', [99]),
        tx.get<{ n: number }>('SELECT count(*) AS n FROM bidders')?.n,
      ];
    });
    expect(seen).toEqual([
      [
        { id: 'u1', bids: 1, note: null },
        { id: 'u2', bids: 2, note: 'é' },
      ],
      { id: 'u2' },
      undefined,
      2,
    ]);
  });

  it('is waited for by close(), which commits it, then refuses calls with STORE_CLOSED', async () => {
    const path = freshPath();
    const store = open({ path });
    const commit = await holding(store);
    const started = deferred();
    const transaction = store.processors.transact({ ...commit, position: 5n }, async (tx) => {
      started.resolve();
      await sleep(50);
      countBid(tx, 'late');
    });
    await started.promise;
    await store.close();
    expect(await transaction).toBe(true);
    expect(committedCounts(path)).toEqual([['late', 1]]);
    await expect(
      store.processors.transact({ ...commit, position: 6n }, async () => {}),
    ).rejects.toMatchObject({
      code: 'STORE_CLOSED',
    });
    await expect(store.processors.headPosition()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    const reopened = open({ path });
    expect(await checkpointOf(reopened, commit.processor)).toBe(5n);
  });
});
