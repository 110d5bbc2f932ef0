import type { CheckpointCommit } from '@gavel/core';
import { EventStoreError } from '@gavel/core';
import type { PoolClient } from 'pg';
import type { CallContext } from '../failures/boundedCall';
import type { SqlNames } from '../schema/sqlNames';
import { commitCheckpoint, TRANSACT_MARKER } from './commitCheckpoint';
import { type PostgresTransaction, transactionScope } from './postgresTransaction';
import { refuseIfReset } from './processorRefusals';

/** How a transaction ended: the outcome for `transact`, or the work's own error, to reject with as is. */
export type TransactOutcome =
  | { readonly kind: 'committed' }
  | { readonly kind: 'fenced' }
  | { readonly kind: 'work-failed'; readonly error: unknown };

/**
 * The store error for a failure after the work: a work that swallowed a failed statement of its own
 * left the transaction aborted (SQLSTATE `25P02`), so nothing could be committed; the rest as
 * {@link refuseIfReset} (then `toEventStoreError`) says.
 */
const failureAfterWork = (error: unknown, processor: string): unknown =>
  (error as { code?: unknown } | null)?.code === '25P02'
    ? new EventStoreError(
        'INVALID_ARGUMENT',
        'a statement of the work failed and aborted the transaction, but the work did not throw: nothing was written',
        { cause: error },
      )
    : refuseIfReset(error, processor);

/** Rolls back; should that fail (a lost connection), the client is destroyed and the server rolls back. */
const rollBack = async (call: CallContext, client: PoolClient): Promise<void> => {
  try {
    await client.query('ROLLBACK');
  } catch (error) {
    call.release(error instanceof Error ? error : new Error(String(error)));
  }
};

/**
 * `transact`, within one bounded call (so `timeoutMs` bounds the whole transaction, the work included):
 * checks out a client, `BEGIN`, runs `work` with the transaction, then the fenced commit
 * ({@link commitCheckpoint}: checkpoint and state changes) as its last statement, and `COMMIT`. Fenced:
 * `ROLLBACK`, and the outcome says so. The work throws: `ROLLBACK`, and the outcome carries its error,
 * which must not be mapped to a store error. The client goes back to the pool after a clean end, and is
 * destroyed after any other failure (or when the deadline passes first: the server rolls back).
 */
export const transactCheckpoint = async (
  call: CallContext,
  names: SqlNames,
  commit: CheckpointCommit,
  work: (transaction: PostgresTransaction) => Promise<void>,
): Promise<TransactOutcome> => {
  const client = await call.checkOut();
  const scope = transactionScope(client);
  try {
    // One round trip: the transaction, and its marker (see commitCheckpoint).
    await client.query(`BEGIN; SELECT set_config('${TRANSACT_MARKER}', 'on', true)`);
    try {
      await work(scope.transaction);
    } catch (error) {
      scope.end();
      await rollBack(call, client);
      return { kind: 'work-failed', error };
    }
    scope.end();
    if (!(await commitCheckpoint(client, names, commit, true))) {
      await rollBack(call, client);
      return { kind: 'fenced' };
    }
    call.markSent();
    await client.query('COMMIT');
    return { kind: 'committed' };
  } catch (error) {
    scope.end();
    // BEGIN, the commit statement or COMMIT failed: the session may still be in the transaction.
    call.release(error instanceof Error ? error : new Error(String(error)));
    throw failureAfterWork(error, commit.processor);
  }
};
