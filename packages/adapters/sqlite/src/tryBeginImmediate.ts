import type { RetryPolicy } from '@gavel/core';
import type { Database } from './database';

/**
 * The driver's codes for "another connection holds the lock": `SQLITE_BUSY` and its extended codes
 * (SQLite's documented list). The driver (libsql, as better-sqlite3) sets the extended code as the
 * error's `code`.
 */
const BUSY_CODES: ReadonlySet<unknown> = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
]);

/**
 * How soon a write tries `BEGIN IMMEDIATE` again while another connection holds the lock (until the
 * store's `busyTimeoutMs`): full jitter under 0.5 ms doubling to 4 ms, so that processes sharing a
 * file do not retry in step.
 */
export const BUSY_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: Number.POSITIVE_INFINITY,
  initialDelayMs: 0.5,
  maxDelayMs: 4,
  jitter: 'full',
});

/**
 * `BEGIN IMMEDIATE` without waiting: false when another connection holds the write lock (the driver's
 * error code is one of the `SQLITE_BUSY` codes). The busy timeout is 0 for that statement only, then
 * set back to `busyTimeoutMs` (reads keep using it).
 */
export const tryBeginImmediate = (db: Database, busyTimeoutMs: number): boolean => {
  db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (BUSY_CODES.has((error as { code?: unknown } | null)?.code)) return false;
    throw error;
  } finally {
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  }
};
