import type { CallContext } from '../failures/boundedCall';
import { migrations } from './migrations';
import type { SqlNames } from './sqlNames';

/**
 * Brings the store's schema up to date: creates the schema and the migrations table if needed and
 * applies every migration not yet recorded, all in one transaction under an advisory lock, so that
 * several processes starting at once apply each migration exactly once. The client comes from the
 * call's {@link CallContext}: an `'error'` it emits meanwhile (a server restart) is caught, and it is
 * destroyed, not returned to the pool, after any failure.
 */
export const migrate = async (call: CallContext, names: SqlNames): Promise<void> => {
  const client = await call.checkOut();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(${names.schemaLiteral} || '/migrations', 0))`,
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = await client.query<{ version: number }>(`SELECT version FROM ${names.migrations}`);
    const done = new Set(applied.rows.map((row) => row.version));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql(names));
      await client.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    // Destroy the client rather than wait for a ROLLBACK a broken connection would never answer: the
    // server rolls the transaction back when the session ends.
    call.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
};
