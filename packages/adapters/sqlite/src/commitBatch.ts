import { EventStoreError } from '@gavel/core';
import type { Database } from './database';
import { toEventStoreError } from './failures/toEventStoreError';
import type { FileIdentity } from './fileIdentity';
import type { BatchedWrite } from './queuedWrite';
import { rollBack } from './rollBack';

/** What {@link commitBatch} needs of its store. */
export interface BatchContext {
  readonly db: Database;
  /** Stamps `recorded_at` (epoch ms), once per transaction. */
  readonly clock: () => number;
  /** Called after a commit that wrote at least one event. */
  readonly onCommitted: () => void;
  /** Tells whether the database file is still the one opened (checked after the COMMIT). */
  readonly identity: FileIdentity;
}

type Outcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: unknown };

/**
 * Runs a batch of writes one after the other in the transaction `BEGIN IMMEDIATE` has just opened, then
 * COMMITs, and only then settles each. Each write is checked on its own (it sees the writes before it,
 * exactly as if they had committed one by one); a rejected write (`VERSION_CONFLICT`,
 * `INVALID_ARGUMENT`, thrown before it wrote anything) does not affect the others. If the transaction
 * fails, every write of the batch rejects with that error mapped to an `EventStoreError` and none of it
 * is kept; but when one write's own statement was refused (`INVALID_ARGUMENT`, e.g. an event too big for
 * SQLite), it alone fails.
 * @returns the writes to queue again first (the others of a batch undone for one write's fault).
 */
export const commitBatch = (
  { db, clock, onCommitted, identity }: BatchContext,
  batch: readonly BatchedWrite[],
): readonly BatchedWrite[] => {
  const outcomes: Outcome[] = [];
  let wrote = false;
  let committing = false;
  /** The write whose statement failed (aborting the transaction), if it was one write's own fault. */
  let culprit = -1;
  try {
    const recordedAt = clock();
    for (const [index, pending] of batch.entries()) {
      try {
        const result = pending.run(recordedAt);
        wrote ||= pending.wroteEvents(result);
        outcomes.push({ ok: true, result });
      } catch (error) {
        // Checks throw before any write; anything else (an insert failing) must abort the batch.
        if (!isRejection(error)) {
          culprit = index;
          throw error;
        }
        outcomes.push({ ok: false, error });
      }
    }
    committing = true;
    db.exec('COMMIT');
  } catch (error) {
    rollBack(db);
    const failureOf = (pending: BatchedWrite) => toEventStoreError(error, pending.what, committing);
    const guilty = batch[culprit];
    if (guilty !== undefined && failureOf(guilty).code === 'INVALID_ARGUMENT') {
      guilty.reject(failureOf(guilty));
      return batch.filter((_, index) => index !== culprit);
    }
    for (const pending of batch) pending.reject(failureOf(pending));
    return [];
  }
  const gone = identity.problem();
  if (gone !== null) {
    const lost = new EventStoreError('UNAVAILABLE', gone.message, { mayHaveWritten: true });
    for (const pending of batch) pending.reject(lost);
    return [];
  }
  batch.forEach((pending, index) => {
    const outcome = outcomes[index] as Outcome;
    if (outcome.ok) pending.resolve(outcome.result);
    else pending.reject(outcome.error);
  });
  if (wrote) onCommitted();
  return [];
};

/** A business rejection of one write (conflict, partial retry, bad request), as opposed to a database failure. */
const isRejection = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'VERSION_CONFLICT' || code === 'INVALID_ARGUMENT';
};
