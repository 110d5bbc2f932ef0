import { EventStoreError } from '@gavel/core';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';

/**
 * What `store.processors.transact` hands to its work: the open database transaction in which the
 * partition's checkpoint will be committed. Write a read model's rows with it, and they are committed
 * together with the checkpoint, or not at all.
 *
 * It runs statements only while the work runs: a statement sent after the work has resolved or thrown
 * (a forgotten `await`) is refused with `INVALID_ARGUMENT` instead of running outside the transaction,
 * on a connection the pool has meanwhile handed to someone else. Do not end the transaction yourself:
 * after a work's `COMMIT` or `ROLLBACK`, `transact` refuses with `INVALID_ARGUMENT` and the checkpoint
 * is not moved (`SAVEPOINT`s are fine).
 *
 * @example
 * await store.processors.transact(commit, async (tx) => {
 *   await tx.query('INSERT INTO catalog (auction_id, title) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, title]);
 * });
 */
export interface PostgresTransaction {
  /**
   * Runs one statement in the transaction (`pg`'s `client.query(text, values)`); a failing statement
   * rejects with `pg`'s error, and the transaction is then aborted: let the work throw.
   */
  query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

/** A {@link PostgresTransaction} over a checked-out client, and the switch that ends it. */
export interface TransactionScope {
  readonly transaction: PostgresTransaction;
  /** From now on, the transaction refuses statements. */
  readonly end: () => void;
}

/** Opens the scope of the transaction running on `client` (which the caller has begun). */
export const transactionScope = (client: PoolClient): TransactionScope => {
  let ended = false;
  return {
    transaction: {
      query: <Row extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]) =>
        ended
          ? Promise.reject(
              new EventStoreError(
                'INVALID_ARGUMENT',
                'the processor transaction has ended: a statement was sent after its work had settled',
              ),
            )
          : client.query<Row>(text, values === undefined ? undefined : [...values]),
    },
    end: () => {
      ended = true;
    },
  };
};
