import { EventStoreError, VersionConflictError } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { toEventStoreError } from './toEventStoreError';

const sqliteError = (code: string, message = 'sqlite says no'): Error =>
  Object.assign(new Error(message), { code });

describe('toEventStoreError (SQLite)', () => {
  it.each([
    ['SQLITE_BUSY', 'BUSY', false],
    ['SQLITE_BUSY_SNAPSHOT', 'BUSY', false],
    ['SQLITE_LOCKED', 'BUSY', false],
    ['SQLITE_FULL', 'STORAGE_FULL', false],
    ['SQLITE_READONLY', 'READ_ONLY', false],
    ['SQLITE_READONLY_DIRECTORY', 'READ_ONLY', false],
    ['SQLITE_READONLY_DBMOVED', 'UNAVAILABLE', true],
    ['SQLITE_IOERR_WRITE', 'UNAVAILABLE', true],
    ['SQLITE_IOERR_FSYNC', 'UNAVAILABLE', true],
    ['SQLITE_CANTOPEN', 'UNAVAILABLE', true],
    ['SQLITE_CORRUPT', 'UNAVAILABLE', true],
    ['SQLITE_TOOBIG', 'INVALID_ARGUMENT', false],
  ])('maps %s to %s, the driver error as cause', (code, expected, mayHaveWrittenDuringCommit) => {
    const error = sqliteError(code);
    const mapped = toEventStoreError(error, 'append', true);
    expect(mapped).toBeInstanceOf(EventStoreError);
    expect(mapped).toMatchObject({
      code: expected,
      cause: error,
      mayHaveWritten: mayHaveWrittenDuringCommit,
    });
    expect(mapped.message).toContain(code);
    // Before the COMMIT, SQLite rolled the transaction back: nothing was written.
    expect(toEventStoreError(error, 'append', false).mayHaveWritten).toBe(false);
  });

  it('maps an error without a code to UNAVAILABLE', () => {
    expect(toEventStoreError(new Error('no code'), 'read')).toMatchObject({ code: 'UNAVAILABLE' });
    expect(toEventStoreError('a string', 'read')).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it("passes the store's own errors through", () => {
    const conflict = new VersionConflictError('s', 0, 1);
    expect(toEventStoreError(conflict, 'append', true)).toBe(conflict);
  });
});
