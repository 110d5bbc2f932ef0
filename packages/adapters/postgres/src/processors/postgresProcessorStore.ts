import type { CheckpointCommit, ProcessorStore } from '@gavel/core';
import type { PostgresTransaction } from './postgresTransaction';

/**
 * The PostgreSQL store's processors (`store.processors`): core's `ProcessorStore` with
 * {@link PostgresTransaction}s, whose `transact` is always there. Checkpoints, leases, members and
 * partition state live in four tables of the store's schema; leases run on the database's clock.
 */
export interface PostgresProcessorStore extends ProcessorStore<PostgresTransaction> {
  /**
   * Runs `work` in a database transaction and the fenced commit (checkpoint and state changes) at its
   * end, in the same transaction: a read model's rows written with the transaction are committed with
   * the checkpoint, or not at all. Resolves false, rolling `work` back, when the partition has been
   * taken since `request.token` was given; a `work` that throws rolls back and rejects with its error.
   * The whole transaction, `work` included, is bounded by the store's `timeoutMs` (then `TIMEOUT`,
   * rolled back unless `COMMIT` had been sent: `mayHaveWritten`). It holds one connection of the pool
   * while it runs.
   */
  transact(
    request: CheckpointCommit,
    work: (transaction: PostgresTransaction) => Promise<void>,
  ): Promise<boolean>;
  /**
   * Runs `work` on one pooled connection, outside any checkpoint (each statement in autocommit, or in a
   * transaction the work begins and ends itself), to read a read model kept with `transact` or to create
   * its tables. Bounded by `timeoutMs`; statements sent after `work` settled are refused.
   */
  read<T>(work: (session: PostgresTransaction) => Promise<T>): Promise<T>;
}
