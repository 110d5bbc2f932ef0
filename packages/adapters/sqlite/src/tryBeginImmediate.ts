import type { Database } from './database';

/**
 * `BEGIN IMMEDIATE` without waiting: false when another connection holds the write lock. The busy
 * timeout is 0 for that statement only, then set back to `busyTimeoutMs` (reads keep using it).
 */
export const tryBeginImmediate = (db: Database, busyTimeoutMs: number): boolean => {
  db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
    throw error;
  } finally {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  }
};
