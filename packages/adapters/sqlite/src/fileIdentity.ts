import { statSync } from 'node:fs';
import { EventStoreError } from '@gavel/core';

/** Watches that the file at a path is still the one a store opened. */
export interface FileIdentity {
  /**
   * Null while the file at the path is the one opened; otherwise the `UNAVAILABLE` error every call
   * gets from now on (the file was deleted, or replaced by another one). Once gone, always gone.
   */
  readonly problem: () => EventStoreError | null;
}

const NEVER_GONE: FileIdentity = { problem: () => null };

/**
 * Remembers the device and inode of the database file at `path` right after it was opened, and
 * compares them on every {@link FileIdentity.problem} call (one `stat`). After an `rm` of the file the
 * connection still writes into the unlinked inode, which vanishes when it closes: a store that went on
 * acknowledging would lose every append. `':memory:'` has no file and is never gone.
 */
export const watchFileIdentity = (path: string): FileIdentity => {
  if (path === ':memory:' || path === '') return NEVER_GONE;
  const opened = statSync(path, { bigint: true });
  let gone: EventStoreError | null = null;
  return {
    problem: () => {
      if (gone !== null) return gone;
      let now: ReturnType<typeof statSync>;
      try {
        now = statSync(path, { bigint: true, throwIfNoEntry: false });
      } catch {
        return null; // cannot tell (e.g. a permission on the folder): SQLite's own errors will say
      }
      if (now !== undefined && now.ino === opened.ino && now.dev === opened.dev) return null;
      gone = new EventStoreError(
        'UNAVAILABLE',
        `the SQLite database file '${path}' was ${now === undefined ? 'deleted' : 'replaced by another file'} after the store opened it: nothing more is written to it (close the store and open it again)`,
      );
      return gone;
    },
  };
};
