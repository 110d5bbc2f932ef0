import Libsql from 'libsql';

/** A libsql (better-sqlite3 compatible) connection. */
export type Database = Libsql.Database;

/** How hard SQLite works to keep a commit: see docs/adapters/sqlite.md. */
export type SynchronousMode = 'full' | 'normal';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  readonly path: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

/**
 * Opens a connection in WAL mode (a file; `':memory:'` stays in memory) with the given `synchronous`
 * level and busy timeout. libsql's `pragma(…, { simple: true })` does not pluck the value, so the
 * pragmas are set with `exec` and read back as rows.
 */
export const openDatabase = ({ path, synchronous, busyTimeoutMs }: OpenDatabaseOptions): Database => {
  const db = new Libsql(path, { timeout: busyTimeoutMs });
  try {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    const mode = (db.prepare('PRAGMA journal_mode = WAL').raw(true).get() as [string])[0];
    if (path !== ':memory:' && mode.toLowerCase() !== 'wal')
      throw new Error(`could not switch '${path}' to WAL mode (journal_mode is '${mode}')`);
    db.exec(`PRAGMA synchronous = ${synchronous.toUpperCase()}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
