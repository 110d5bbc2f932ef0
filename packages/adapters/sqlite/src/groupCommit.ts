import { type AppendResult, EventStoreError } from '@gavel/core';
import { appendInTransaction } from './appendInTransaction';
import type { Database } from './database';
import { toEventStoreError } from './failures/toEventStoreError';
import type { FileIdentity } from './fileIdentity';
import type { AppendRequest } from './prepareAppend';
import type { Statements } from './statements';

/** Options of {@link createGroupCommit}. */
export interface GroupCommitOptions {
  readonly db: Database;
  readonly statements: Statements;
  /** Stamps `recorded_at` (epoch ms), once per transaction. */
  readonly clock: () => number;
  /** The most appends one transaction takes; the rest wait for the next. */
  readonly maxBatch: number;
  /** How long appends wait for another connection's write lock before failing with `BUSY`. */
  readonly busyTimeoutMs: number;
  /** Called after a commit that wrote at least one event. */
  readonly onCommitted: () => void;
  /** Tells whether the database file is still the one opened (checked before and after each commit). */
  readonly identity: FileIdentity;
}

/** Queues appends and commits them together. */
export interface GroupCommit {
  /** Queues an append; it settles once its transaction has committed (or failed). */
  readonly append: (request: AppendRequest) => Promise<AppendResult>;
  /** Resolves once every queued append has settled. */
  readonly drain: () => Promise<void>;
}

interface Pending {
  readonly request: AppendRequest;
  /** When the append was queued (ms, monotonic). */
  readonly since: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: appends made during one turn of the event loop wait for `setImmediate`, then run one
 * after the other in a single `BEGIN IMMEDIATE … COMMIT`, so one fsync acknowledges them all. Each
 * append is checked on its own (it sees the appends before it in the batch, exactly as if they had
 * committed one by one); a rejected append writes nothing and does not affect the others. No promise
 * settles before the COMMIT that holds its events has returned, so an acknowledged append is durable.
 * If the transaction fails, every append of the batch rejects with that error and none of it is kept,
 * mapped to an `EventStoreError` (`STORAGE_FULL` for a full disk, `READ_ONLY`, `UNAVAILABLE` for an
 * I/O error, with `mayHaveWritten` when it came from the COMMIT itself).
 *
 * Before each transaction, and after its COMMIT, the database file must still be the one opened (see
 * `fileIdentity`): once it was deleted or replaced, no append is acknowledged any more (a batch that
 * committed into the unlinked file meanwhile rejects with `mayHaveWritten`).
 *
 * When another process holds the write lock, `BEGIN IMMEDIATE` fails at once (busy timeout 0 for that
 * statement) and the batch is tried again a millisecond or so later, without blocking the event loop;
 * SQLite's own busy handler would sleep synchronously, in steps growing to 100 ms, and so starve this
 * process behind a busy neighbour. After `busyTimeoutMs` the batch fails with `BUSY`.
 */
export const createGroupCommit = (options: GroupCommitOptions): GroupCommit => {
  const { db, statements, clock, maxBatch, busyTimeoutMs, onCommitted, identity } = options;
  let queue: Pending[] = [];
  let timer: {
    readonly kind: 'immediate' | 'retry';
    readonly handle: NodeJS.Immediate | NodeJS.Timeout;
  } | null = null;
  let busyAttempts = 0;
  const idle = new Set<() => void>();

  /** `BEGIN IMMEDIATE` without waiting: false when another connection holds the write lock. */
  const tryBegin = (): boolean => {
    db.exec('PRAGMA busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
      throw error;
    } finally {
      db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    }
  };

  const commitBatch = (batch: readonly Pending[]): void => {
    const outcomes: Outcome[] = [];
    let wrote = false;
    let committing = false;
    /** The append whose insert failed (aborting the transaction), if it was one append's own fault. */
    let culprit = -1;
    try {
      const recordedAt = clock();
      for (const [index, { request }] of batch.entries()) {
        try {
          const result = appendInTransaction(statements, request, recordedAt);
          wrote ||= !result.duplicate;
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
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // SQLite may have rolled back already (a full disk, an I/O error): nothing more to undo.
      }
      const failure = toEventStoreError(error, 'append', committing);
      if (culprit !== -1 && failure.code === 'INVALID_ARGUMENT') {
        // Only that append is at fault (e.g. an event too big for SQLite): it alone fails, and the
        // others go first in the queue again, for the next transaction.
        (batch[culprit] as Pending).reject(failure);
        queue = [...batch.filter((_, index) => index !== culprit), ...queue];
        return;
      }
      for (const pending of batch) pending.reject(failure);
      return;
    }
    const gone = identity.problem();
    if (gone !== null) {
      const lost = new EventStoreError('UNAVAILABLE', gone.message, { mayHaveWritten: true });
      for (const pending of batch) pending.reject(lost);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (wrote) onCommitted();
  };

  const flush = (): void => {
    timer = null;
    while (queue.length > 0) {
      const gone = identity.problem();
      if (gone !== null) {
        for (const pending of queue.splice(0)) pending.reject(gone);
        break;
      }
      let began: boolean;
      try {
        began = tryBegin();
      } catch (error) {
        const failure = toEventStoreError(error, 'append');
        for (const pending of queue.splice(0, maxBatch)) pending.reject(failure);
        continue;
      }
      if (!began) {
        const oldest = queue[0] as Pending;
        if (performance.now() - oldest.since >= busyTimeoutMs) {
          const error = new EventStoreError(
            'BUSY',
            `another connection held the write lock for more than ${busyTimeoutMs} ms`,
          );
          for (const pending of queue.splice(0, maxBatch)) pending.reject(error);
          continue;
        }
        busyAttempts++;
        const delay = Math.random() * Math.min(4, 0.25 * 2 ** busyAttempts);
        timer = { kind: 'retry', handle: setTimeout(flush, delay) };
        return;
      }
      busyAttempts = 0;
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      commitBatch(batch);
    }
    for (const resolve of [...idle]) resolve();
    idle.clear();
  };

  const append = (request: AppendRequest): Promise<AppendResult> =>
    new Promise<AppendResult>((resolve, reject) => {
      queue.push({ request, since: performance.now(), resolve, reject });
      timer ??= { kind: 'immediate', handle: setImmediate(flush) };
    });

  const drain = (): Promise<void> => {
    if (queue.length === 0) return Promise.resolve();
    if (timer?.kind === 'immediate') {
      clearImmediate(timer.handle as NodeJS.Immediate);
      flush();
      if (queue.length === 0) return Promise.resolve();
    }
    return new Promise<void>((resolve) => idle.add(resolve));
  };

  return { append, drain };
};

/** A business rejection of one append (conflict, partial retry), as opposed to a database failure. */
const isRejection = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'VERSION_CONFLICT' || code === 'INVALID_ARGUMENT';
};
