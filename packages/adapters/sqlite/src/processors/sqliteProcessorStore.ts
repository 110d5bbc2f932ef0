import type { CheckpointCommit, ProcessorStore } from '@gavel/core';
import type { SqliteTransaction } from './sqliteTransaction';

/**
 * The processor store of a SQLite event store (`store.processors`): core's `ProcessorStore`, whose
 * `transact` always exists and hands its work a {@link SqliteTransaction}.
 */
export interface SqliteProcessorStore extends ProcessorStore<SqliteTransaction> {
  /**
   * Runs `work` and the checkpoint commit in one SQLite transaction (`BEGIN IMMEDIATE`), so that a read
   * model's rows in the same file and its checkpoint are written together or not at all. The fence is
   * checked first: when the partition was taken since, `work` does not run and it resolves false. A
   * `work` that throws rolls back and rejects with its error. The transaction holds SQLite's write lock
   * while `work` runs: appends and processor writes of every process wait for it, so keep `work` short
   * (no network calls), and do not write to the store from inside it (the write would wait for the
   * transaction, which waits for it, until it fails with `BUSY`).
   */
  transact(
    request: CheckpointCommit,
    work: (transaction: SqliteTransaction) => Promise<void>,
  ): Promise<boolean>;
  /**
   * Runs `work` with a session on a second connection to the file (the same one for `:memory:`),
   * outside any checkpoint and any transaction: each statement commits on its own. It reads what
   * transactions have committed, never one in progress; use it for a read model's queries and to create
   * its tables. Statements sent after `work` settled are refused.
   */
  read<T>(work: (session: SqliteTransaction) => Promise<T>): Promise<T>;
}
