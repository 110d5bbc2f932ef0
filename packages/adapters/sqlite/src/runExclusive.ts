import { EventStoreError } from '@gavel/core';
import type { Database } from './database';
import { toEventStoreError } from './failures/toEventStoreError';
import type { FileIdentity } from './fileIdentity';
import { rollBack } from './rollBack';

/** What the work of an exclusive transaction decided: commit it or roll it back, and its answer. */
export interface ExclusiveOutcome<T> {
  readonly commit: boolean;
  readonly value: T;
}

/** What {@link runExclusive} needs of its store. */
export interface ExclusiveContext {
  readonly db: Database;
  /** Tells whether the database file is still the one opened (checked after the COMMIT). */
  readonly identity: FileIdentity;
}

/**
 * Runs `work` in the transaction that `BEGIN IMMEDIATE` has just opened on the connection, and ends
 * it: COMMIT when `work` resolves with `commit: true`, ROLLBACK otherwise. A `work` that rejects rolls
 * back and rejects with its own error, as it is. A failed COMMIT rolls back and rejects with an
 * `EventStoreError` (`mayHaveWritten` for an I/O error of the COMMIT itself); a COMMIT into a file that
 * was deleted meanwhile rejects with `UNAVAILABLE` and `mayHaveWritten`. The caller (the group commit)
 * lets nothing else use the connection until this settles.
 */
export const runExclusive = async <T>(
  { db, identity }: ExclusiveContext,
  what: string,
  work: () => Promise<ExclusiveOutcome<T>>,
): Promise<T> => {
  let outcome: ExclusiveOutcome<T>;
  try {
    outcome = await work();
  } catch (error) {
    rollBack(db);
    throw error;
  }
  if (!outcome.commit) {
    rollBack(db);
    return outcome.value;
  }
  if (!db.inTransaction)
    throw new EventStoreError(
      'INVALID_ARGUMENT',
      `the ${what} was ended by a statement of its own (COMMIT, ROLLBACK or END): its writes may be kept without the rest`,
    );
  try {
    db.exec('COMMIT');
  } catch (error) {
    rollBack(db);
    throw toEventStoreError(error, what, true);
  }
  const gone = identity.problem();
  if (gone !== null) throw new EventStoreError('UNAVAILABLE', gone.message, { mayHaveWritten: true });
  return outcome.value;
};
