import { describe, expect, it } from 'vitest';
import { deferred, useProcessorTestFiles } from '../../test/processorTestKit';
import type { SqliteTransaction } from './sqliteTransaction';

const { freshPath, open } = useProcessorTestFiles('read');

describe('processors.read', () => {
  it('reads what transactions committed, never a transaction in progress, and refuses late statements', async () => {
    const store = open({ path: freshPath() });
    await store.processors.read(async (session) => {
      session.run('CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT)');
    });
    await store.processors.register({ processor: 'notes', partitions: 1, initialCheckpoint: 0n });
    const lease = await store.processors.acquire({
      processor: 'notes',
      owner: 'a',
      partition: 0,
      leaseMs: 60_000,
    });
    const commit = { processor: 'notes', partition: 0, token: lease?.token ?? -1, position: 1n };
    const inside = deferred();
    const finish = deferred();
    const transaction = store.processors.transact(commit, async (tx) => {
      tx.run('INSERT INTO notes VALUES (?, ?)', ['n1', 'first']);
      inside.resolve();
      await finish.promise;
    });
    await inside.promise;
    const during = await store.processors.read(async (session) => session.all('SELECT id FROM notes'));
    expect(during).toEqual([]);
    finish.resolve();
    expect(await transaction).toBe(true);
    let kept: SqliteTransaction | undefined;
    const after = await store.processors.read(async (session) => {
      kept = session;
      return session.get<{ body: string }>('SELECT body FROM notes WHERE id = ?', ['n1']);
    });
    expect(after).toEqual({ body: 'first' });
    expect(() => kept?.all('SELECT 1')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    await store.close();
    await expect(store.processors.read(async () => 1)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('uses the one connection of a :memory: store', async () => {
    const store = open({ path: ':memory:' });
    await store.processors.read(async (session) => {
      session.run('CREATE TABLE t (n INTEGER)');
      session.run('INSERT INTO t VALUES (1)');
    });
    expect(await store.processors.read(async (session) => session.all('SELECT n FROM t'))).toEqual([
      { n: 1 },
    ]);
    await store.close();
  });
});
