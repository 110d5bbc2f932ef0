import { type CheckpointCommit, EventStoreError } from '@gavel/core';
import { toEventStoreError } from '../failures/toEventStoreError';
import { holdsToken, writeCheckpoint } from './commitCheckpoint';
import type { ProcessorContext } from './processorContext';
import { openSqliteTransaction, type SqliteTransaction } from './sqliteTransaction';

const WHAT = 'processor transaction';

/**
 * `processors.transact`: one `BEGIN IMMEDIATE` transaction, begun by the group commit in queue order,
 * in which the fence is checked first (fenced: nothing runs, it rolls back and answers false), then
 * `work` runs with the transaction, then the checkpoint and state changes are written and all of it
 * commits. While it is open the write lock is held: this process's other writes wait for it, and so
 * do other processes' (up to their `busyTimeoutMs`). A `work` that throws rolls back and rejects
 * with its error.
 */
export const transactCheckpoint = (
  { db, statements, commits, cache }: ProcessorContext,
  commit: CheckpointCommit,
  work: (transaction: SqliteTransaction) => Promise<void>,
): Promise<boolean> =>
  commits.exclusive(WHAT, async () => {
    if (!ownSql(() => holdsToken(statements, commit))) return { commit: false, value: false };
    const { transaction, end } = openSqliteTransaction(db, cache);
    let whole: boolean;
    try {
      await work(transaction);
    } finally {
      whole = end();
    }
    if (!whole)
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        'the work ended the transaction itself (COMMIT, ROLLBACK or END): the checkpoint is not moved',
      );
    ownSql(() => writeCheckpoint(statements, commit));
    return { commit: true, value: true };
  });

/** The store's own statements fail as `EventStoreError`s (the work's errors stay as they are). */
const ownSql = <T>(run: () => T): T => {
  try {
    return run();
  } catch (error) {
    throw toEventStoreError(error, WHAT);
  }
};
