import { describe, expect, it } from 'vitest';
import { useTestSchema } from '../../test/testSchema';
import type { PostgresTransaction } from './postgresTransaction';

const { open, schema } = useTestSchema('gavel_read');

describe('processors.read', () => {
  it('runs statements on a pooled connection: DDL, writes in autocommit, reads; none after the work', async () => {
    const store = open();
    const table = `"${schema}".notes`;
    await store.readStream('create-the-schema');
    await store.processors.read(async (session) => {
      await session.query(`CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, body text)`);
      await session.query(`INSERT INTO ${table} VALUES ($1, $2)`, ['n1', 'first']);
    });
    let kept: PostgresTransaction | undefined;
    const rows = await store.processors.read(async (session) => {
      kept = session;
      return (await session.query<{ body: string }>(`SELECT body FROM ${table} WHERE id = $1`, ['n1'])).rows;
    });
    expect(rows).toEqual([{ body: 'first' }]);
    await expect(kept?.query('SELECT 1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // A failing statement rejects with the driver's error and leaves the pool usable.
    await expect(
      store.processors.read((session) => session.query('SELECT * FROM no_such_table')),
    ).rejects.toThrow();
    expect(
      await store.processors.read(async (session) => (await session.query('SELECT 2 AS n')).rows),
    ).toEqual([{ n: 2 }]);
  });
});
