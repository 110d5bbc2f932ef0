import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgUrl, sql } from '../../test/pgTestEnv';
import { useTestSchema } from '../../test/testSchema';
import type { PostgresTransaction } from './postgresTransaction';

const { open, schema } = useTestSchema('gavel_transact');
const store = open();
/** A read model in the store's schema: the rows a handler writes with its checkpoint. */
const table = `"${schema}".read_model`;
const LEASE_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);

beforeAll(async () => {
  await store.readStream('create-the-schema');
  await sql(`CREATE TABLE ${table} (processor text NOT NULL, id text NOT NULL, position bigint NOT NULL,
                                    PRIMARY KEY (processor, id))`);
});

/** A registered processor whose partition 0 is held by `a`: the commit it may make. */
const owned = async (target = store) => {
  const processor = `tx${tag()}`;
  await target.processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
  const lease = await target.processors.acquire({ processor, owner: 'a', partition: 0, leaseMs: LEASE_MS });
  return { processor, partition: 0, token: lease?.token ?? -1 };
};

const insert = (processor: string, id: string, position: bigint) => async (tx: PostgresTransaction) => {
  await tx.query(`INSERT INTO ${table} (processor, id, position) VALUES ($1, $2, $3)`, [
    processor,
    id,
    position,
  ]);
};

const rows = async (processor: string) =>
  (await sql<{ id: string }>(`SELECT id FROM ${table} WHERE processor = $1 ORDER BY id`, [processor])).map(
    (row) => row.id,
  );

const checkpointOf = async (processor: string) =>
  (await store.processors.heartbeat({ processor, owner: 'observer', leaseMs: 1 })).leases[0]?.checkpoint;

describe('processors.transact', () => {
  it('commits the work’s rows, the checkpoint and the state changes together', async () => {
    const lease = await owned();
    const committed = await store.processors.transact(
      { ...lease, position: 7n, changes: { set: [['seen', '1']] } },
      async (tx) => {
        await insert(lease.processor, 'x', 7n)(tx);
        // The work reads its own writes: one transaction.
        const inside = await tx.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM ${table} WHERE processor = $1`,
          [lease.processor],
        );
        expect(inside.rows[0]?.n).toBe('1');
      },
    );
    expect(committed).toBe(true);
    expect(await rows(lease.processor)).toEqual(['x']);
    expect(await checkpointOf(lease.processor)).toBe(7n);
    expect(await store.processors.readState({ processor: lease.processor, partition: 0 })).toEqual([
      ['seen', '1'],
    ]);
  });

  it('rolls the work back and rejects with its very error when it throws: nothing of it is written', async () => {
    const lease = await owned();
    const failure = new Error('the handler failed');
    const outcome = store.processors.transact(
      { ...lease, position: 3n, changes: { set: [['k', 'v']] } },
      async (tx) => {
        await insert(lease.processor, 'x', 3n)(tx);
        throw failure;
      },
    );
    await expect(outcome).rejects.toBe(failure);
    expect(await rows(lease.processor)).toEqual([]);
    expect(await checkpointOf(lease.processor)).toBe(0n);
    expect(await store.processors.readState({ processor: lease.processor, partition: 0 })).toEqual([]);
  });

  it('rolls the work back and resolves false when fenced: another owner took the partition meanwhile', async () => {
    const lease = await owned();
    await store.processors.release({ processor: lease.processor, owner: 'a', partitions: [0] });
    const heir = await store.processors.acquire({
      processor: lease.processor,
      owner: 'b',
      partition: 0,
      leaseMs: LEASE_MS,
    });
    expect(heir?.token).toBe(lease.token + 1);
    const committed = await store.processors.transact(
      { ...lease, position: 9n, changes: { set: [['k', 'stale']] } },
      insert(lease.processor, 'stale', 9n),
    );
    expect(committed).toBe(false);
    expect(await rows(lease.processor)).toEqual([]);
    expect(await checkpointOf(lease.processor)).toBe(0n);
    expect(await store.processors.readState({ processor: lease.processor, partition: 0 })).toEqual([]);
  });

  it('is fenced by a takeover that commits while the work runs', async () => {
    const lease = await owned();
    const other = open();
    const committed = await store.processors.transact({ ...lease, position: 4n }, async (tx) => {
      await insert(lease.processor, 'during', 4n)(tx);
      // Meanwhile the lease lapses and another process (its own pool) takes the partition.
      await other.processors.release({ processor: lease.processor, owner: 'a', partitions: [0] });
      expect(
        await other.processors.acquire({
          processor: lease.processor,
          owner: 'b',
          partition: 0,
          leaseMs: LEASE_MS,
        }),
      ).not.toBeNull();
    });
    expect(committed).toBe(false);
    expect(await rows(lease.processor)).toEqual([]);
  });

  it('refuses, writing nothing, a work that swallowed a failed statement of its own', async () => {
    const lease = await owned();
    await expect(
      store.processors.transact({ ...lease, position: 2n }, async (tx) => {
        await insert(lease.processor, 'dup', 2n)(tx);
        await insert(lease.processor, 'dup', 2n)(tx).catch(() => undefined); // unique violation: aborted
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await rows(lease.processor)).toEqual([]);
    expect(await checkpointOf(lease.processor)).toBe(0n);
  });

  it('refuses, moving no checkpoint, a work that ended the transaction itself', async () => {
    const lease = await owned();
    for (const ending of ['ROLLBACK', 'COMMIT']) {
      await expect(
        store.processors.transact(
          { ...lease, position: 8n, changes: { set: [['k', ending]] } },
          async (tx) => {
            await tx.query(ending);
          },
        ),
        ending,
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(await checkpointOf(lease.processor)).toBe(0n);
    expect(await store.processors.readState({ processor: lease.processor, partition: 0 })).toEqual([]);
    // And the connections are fine for the next transaction.
    expect(
      await store.processors.transact({ ...lease, position: 9n }, insert(lease.processor, 'ok', 9n)),
    ).toBe(true);
  });

  it('refuses a statement sent after the work settled, instead of running it outside the transaction', async () => {
    const lease = await owned();
    let kept: PostgresTransaction | undefined;
    expect(
      await store.processors.transact({ ...lease, position: 1n }, async (tx) => {
        kept = tx;
      }),
    ).toBe(true);
    await expect(
      kept?.query(`INSERT INTO ${table} VALUES ($1, 'late', 1)`, [lease.processor]),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await rows(lease.processor)).toEqual([]);
  });

  it('gives the connection back after every ending: a pool of one serves transaction after transaction', async () => {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 1 });
    const single = open({ pool });
    try {
      const lease = await owned(single);
      const commit = { ...lease, position: 1n };
      expect(await single.processors.transact(commit, insert(lease.processor, 'a', 1n))).toBe(true);
      await expect(single.processors.transact(commit, () => Promise.reject(new Error('no')))).rejects.toThrow(
        'no',
      );
      expect(await single.processors.transact({ ...commit, token: commit.token + 5 }, async () => {})).toBe(
        false,
      );
      await expect(
        single.processors.transact(commit, async (tx) => {
          await tx.query('SELECT 1/0');
        }),
      ).rejects.toMatchObject({ code: '22012' }); // pg's own error, as the work threw it
      expect(
        await single.processors.transact({ ...commit, position: 2n }, insert(lease.processor, 'b', 2n)),
      ).toBe(true);
      expect(await rows(lease.processor)).toEqual(['a', 'b']);
      expect(pool.totalCount).toBe(1);
    } finally {
      await single.close();
      await pool.end();
    }
  });

  it('bounds the whole transaction by timeoutMs: a work that hangs times out, rolled back, its connection freed', async () => {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 1 });
    const quick = open({ pool, timeoutMs: 800 });
    try {
      const lease = await owned(quick);
      const started = performance.now();
      const hung = quick.processors.transact({ ...lease, position: 5n }, async (tx) => {
        await insert(lease.processor, 'hung', 5n)(tx);
        await sleep(5_000);
      });
      await expect(hung).rejects.toMatchObject({ code: 'TIMEOUT', mayHaveWritten: false });
      expect(performance.now() - started).toBeLessThan(800 + 1_500);
      // The pool's one connection was destroyed, not left in the transaction: the next call works.
      expect(
        await quick.processors.transact({ ...lease, position: 6n }, insert(lease.processor, 'next', 6n)),
      ).toBe(true);
      expect(await rows(lease.processor)).toEqual(['next']);
    } finally {
      await quick.close();
      await pool.end();
    }
  });

  it('checks its arguments first: a malformed commit or a work that is not a function', async () => {
    const lease = await owned();
    await expect(
      store.processors.transact({ ...lease, position: -1n }, async () => {}),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      store.processors.transact({ ...lease, position: 1n }, 'work' as unknown as () => Promise<void>),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      store.processors.transact({ ...lease, processor: `tx${tag()}`, position: 1n }, async () => {}),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
