import { EventStoreError, type EventStoreErrorCode, isEventStoreError } from '@gavel/core';

/** SQLite's primary result codes (the part before the first `_` of an extended one) and their code. */
const BY_PRIMARY: ReadonlyMap<string, EventStoreErrorCode> = new Map([
  ['SQLITE_BUSY', 'BUSY'],
  ['SQLITE_LOCKED', 'BUSY'],
  ['SQLITE_FULL', 'STORAGE_FULL'],
  ['SQLITE_READONLY', 'READ_ONLY'],
  ['SQLITE_TOOBIG', 'INVALID_ARGUMENT'],
]);

/** Extended codes that mean something else than their primary code. */
const BY_EXTENDED: ReadonlyMap<string, EventStoreErrorCode> = new Map([
  // The file was moved or deleted since it was opened: writing would go nowhere.
  ['SQLITE_READONLY_DBMOVED', 'UNAVAILABLE'],
]);

/** The primary code of `SQLITE_IOERR_WRITE` is `SQLITE_IOERR`. */
const primaryOf = (code: string): string => {
  const second = code.indexOf('_', 'SQLITE_'.length);
  return second === -1 ? code : code.slice(0, second);
};

/**
 * Maps a failure of a SQLite call to core's {@link EventStoreError}: the store's own errors pass
 * through; the driver's become `BUSY` (locked), `STORAGE_FULL` (`SQLITE_FULL`), `READ_ONLY`
 * (`SQLITE_READONLY…`), `INVALID_ARGUMENT` (`SQLITE_TOOBIG`) or else `UNAVAILABLE` (I/O error, a
 * corrupt or missing file, out of memory), with the driver's error as `cause`. `mayHaveWritten`: the
 * failure came while committing, when an I/O error leaves the outcome unknown.
 */
export const toEventStoreError = (error: unknown, what: string, duringCommit = false): EventStoreError => {
  if (isEventStoreError(error) && error instanceof Error) return error as EventStoreError;
  const code =
    typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
  const mapped: EventStoreErrorCode =
    BY_EXTENDED.get(code) ?? BY_PRIMARY.get(primaryOf(code)) ?? 'UNAVAILABLE';
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreError(
    mapped,
    `SQLite ${what} failed: ${message.slice(0, 200)}${code === '' ? '' : ` (${code})`}`,
    {
      cause: error,
      // A full disk, a read-only file or a lock make SQLite roll the transaction back: nothing written.
      mayHaveWritten: duringCommit && mapped === 'UNAVAILABLE',
    },
  );
};
