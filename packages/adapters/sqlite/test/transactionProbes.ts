import type { TransactionProbe } from '@gavel/core/conformance';
import Libsql from 'libsql';
import type { SqliteEventStore, SqliteTransaction } from '../src/index';

const TABLE = 'probe_rows';

/** Writes with the transaction `transact` handed to the work: a row of a table of the same file. */
const write = async (transaction: unknown, key: string, value: string): Promise<void> => {
  const tx = transaction as SqliteTransaction;
  tx.run(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL)`,
  );
  tx.run(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?)`, [key, value]);
};

const SELECT = `SELECT value FROM ${TABLE} WHERE key = ? ORDER BY seq`;

/** For a file: reads what was committed through a connection of its own. */
export const fileProbe = (path: string): TransactionProbe => ({
  write,
  read: async (key) => {
    const db = new Libsql(path);
    try {
      const table = db.prepare('SELECT 1 FROM sqlite_schema WHERE name = ?').raw(true).get(TABLE);
      if (table === undefined) return [];
      return db
        .prepare(SELECT)
        .raw(true)
        .all(key)
        .map((row) => (row as [string])[0]);
    } finally {
      db.close();
    }
  },
});

const ROLL_BACK = new Error('the probe only reads: roll back');

/**
 * For `':memory:'`, which no other connection sees: reads in a transaction of the store itself (a
 * processor of its own), which sees what was committed, and rolls it back.
 */
export const storeProbe = (store: () => SqliteEventStore): TransactionProbe => ({
  write,
  read: async (key) => {
    const { processors } = store();
    const processor = 'transaction-probe';
    await processors.register({ processor, partitions: 1, initialCheckpoint: 0n });
    const lease = await processors.acquire({ processor, owner: 'probe', partition: 0, leaseMs: 60_000 });
    let values: string[] = [];
    const reading = processors.transact(
      { processor, partition: 0, token: lease?.token ?? 0, position: 0n },
      async (tx) => {
        values = tx.all<{ value: string }>(SELECT, [key]).map((row) => row.value);
        throw ROLL_BACK;
      },
    );
    await reading.catch((error: unknown) => {
      if (error !== ROLL_BACK) throw error;
    });
    return values;
  },
});
