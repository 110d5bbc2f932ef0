import type { Database } from './database';

/** Rolls back the connection's open transaction, if any; SQLite may have rolled it back already. */
export const rollBack = (db: Database): void => {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // SQLite rolled back already (a full disk, an I/O error): nothing more to undo.
  }
};
