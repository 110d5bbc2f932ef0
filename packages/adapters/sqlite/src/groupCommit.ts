import type { AppendResult } from '@gavel/core';
import { appendInTransaction } from './appendInTransaction';
import { createCommitFlush } from './commitFlush';
import { createCommitQueue } from './commitQueue';
import type { Database, SynchronousMode } from './database';
import type { FileIdentity } from './fileIdentity';
import type { AppendRequest } from './prepareAppend';
import type { QueuedWrite } from './queuedWrite';
import { type ExclusiveOutcome, runExclusive } from './runExclusive';
import type { Statements } from './statements';

/** Options of {@link createGroupCommit}. */
export interface GroupCommitOptions {
  readonly db: Database;
  readonly statements: Statements;
  /** Stamps `recorded_at` (epoch ms), once per transaction. */
  readonly clock: () => number;
  /** The most writes one transaction takes; the rest wait for the next (the store's `maxBatchSize`). */
  readonly maxBatchSize: number;
  /**
   * How long a write waits for the write lock (another connection's, or an exclusive transaction of
   * this one) before failing with `BUSY`.
   */
  readonly busyTimeoutMs: number;
  /** Called after a commit that wrote at least one event. */
  readonly onCommitted: () => void;
  /** Tells whether the database file is still the one opened (checked before and after each commit). */
  readonly identity: FileIdentity;
  /** The connection's `synchronous` setting: with `'full'`, batches of processor writes only commit as `NORMAL`. */
  readonly synchronous: SynchronousMode;
}

/** Queues the writes of one connection and commits them together: the connection's only writer. */
export interface GroupCommit {
  /** Queues an append; it settles once its transaction has committed (or failed). */
  readonly append: (request: AppendRequest) => Promise<AppendResult>;
  /**
   * Queues another write (the processor store's), run in a batch's transaction like an append: `run`
   * checks everything before it writes anything, so that an `EventStoreError` it throws rejects it
   * alone, with nothing written. It settles once its transaction has committed (or failed).
   */
  readonly write: <T>(what: string, run: () => T) => Promise<T>;
  /**
   * Queues a transaction of its own whose `work` may span awaits (`processors.transact`): once `BEGIN
   * IMMEDIATE` succeeded, `work` runs, and nothing else of this connection writes until it settles.
   */
  readonly exclusive: <T>(what: string, work: () => Promise<ExclusiveOutcome<T>>) => Promise<T>;
  /** Resolves once every queued write has settled and no exclusive transaction is open. */
  readonly drain: () => Promise<void>;
}

/**
 * Group commit: writes made during one turn of the event loop wait for `setImmediate`, then run one
 * after the other in a single `BEGIN IMMEDIATE … COMMIT` (see `commitBatch`), so one fsync acknowledges
 * them all; no promise settles before that COMMIT has returned, so an acknowledged append is durable.
 *
 * Before each transaction, and after its COMMIT, the database file must still be the one opened (see
 * `fileIdentity`): once it was deleted or replaced, no write is acknowledged any more (a batch that
 * committed into the unlinked file meanwhile rejects with `mayHaveWritten`).
 *
 * When another process holds the write lock, `BEGIN IMMEDIATE` fails at once (busy timeout 0 for that
 * statement) and the batch is tried again a millisecond or so later, without blocking the event loop;
 * SQLite's own busy handler would sleep synchronously, in steps growing to 100 ms, and so starve this
 * process behind a busy neighbour. After `busyTimeoutMs` the batch fails with `BUSY`.
 *
 * The queue and its batches are in `commitQueue`, a flush in `commitFlush`, taking the write lock in
 * `writeLock`. An exclusive transaction is begun in queue order too, in queue order, and holds the connection until its work
 * settles: the queue waits meanwhile (failing with `BUSY` after `busyTimeoutMs`, as it would behind
 * another process), so that no batch ever runs inside it.
 */
export const createGroupCommit = (options: GroupCommitOptions): GroupCommit => {
  const { db, statements, identity } = options;
  const queue = createCommitQueue();

  const flush = createCommitFlush(options, queue);

  const enqueue = (entry: QueuedWrite): void => {
    queue.entries.push(entry);
    queue.timer ??= { kind: 'immediate', handle: setImmediate(flush) };
  };

  const write = <T>(
    what: string,
    run: (recordedAt: number) => T,
    wroteEvents = (_: T) => false,
    durable = false,
  ) =>
    new Promise<T>((resolve, reject) => {
      enqueue({
        kind: 'write',
        what,
        since: performance.now(),
        durable,
        run,
        wroteEvents: wroteEvents as (result: unknown) => boolean,
        resolve: resolve as (result: unknown) => void,
        reject,
      });
    });

  const append = (request: AppendRequest): Promise<AppendResult> =>
    write(
      'append',
      (recordedAt) => appendInTransaction(statements, request, recordedAt),
      (result) => !result.duplicate,
      true,
    );

  const exclusive = <T>(what: string, work: () => Promise<ExclusiveOutcome<T>>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      enqueue({
        kind: 'exclusive',
        what,
        since: performance.now(),
        start: () => runExclusive({ db, identity }, what, work).then(resolve, reject),
        reject,
      });
    });

  const drain = (): Promise<void> => {
    if (queue.entries.length === 0 && !queue.held) return Promise.resolve();
    if (queue.timer?.kind === 'immediate') {
      clearImmediate(queue.timer.handle);
      flush();
      if (queue.entries.length === 0 && !queue.held) return Promise.resolve();
    }
    return new Promise<void>((resolve) => queue.idle.add(resolve));
  };

  return { append, write: (what, run) => write(what, run), exclusive, drain };
};
