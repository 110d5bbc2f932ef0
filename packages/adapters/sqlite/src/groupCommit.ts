import { type AppendResult, EventStoreError } from '@gavel/core';
import { appendInTransaction } from './appendInTransaction';
import { commitBatch } from './commitBatch';
import type { Database, SynchronousMode } from './database';
import { toEventStoreError } from './failures/toEventStoreError';
import type { FileIdentity } from './fileIdentity';
import type { AppendRequest } from './prepareAppend';
import type { BatchedWrite, ExclusiveWrite, QueuedWrite } from './queuedWrite';
import { rollBack } from './rollBack';
import { type ExclusiveOutcome, runExclusive } from './runExclusive';
import type { Statements } from './statements';
import { tryBeginImmediate } from './tryBeginImmediate';

/** Options of {@link createGroupCommit}. */
export interface GroupCommitOptions {
  readonly db: Database;
  readonly statements: Statements;
  /** Stamps `recorded_at` (epoch ms), once per transaction. */
  readonly clock: () => number;
  /** The most writes one transaction takes; the rest wait for the next. */
  readonly maxBatch: number;
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

type Timer =
  | { readonly kind: 'immediate'; readonly handle: NodeJS.Immediate }
  | { readonly kind: 'retry'; readonly handle: NodeJS.Timeout };

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
 * An exclusive transaction is begun here too, in queue order, and holds the connection until its work
 * settles: the queue waits meanwhile (failing with `BUSY` after `busyTimeoutMs`, as it would behind
 * another process), so that no batch ever runs inside it.
 */
export const createGroupCommit = (options: GroupCommitOptions): GroupCommit => {
  const { db, statements, maxBatch, busyTimeoutMs, identity } = options;
  let queue: QueuedWrite[] = [];
  /** True while an exclusive transaction is open on the connection. */
  let held = false;
  let timer: Timer | null = null;
  let busyAttempts = 0;
  const idle = new Set<() => void>();

  /** Fails the first entries of the queue (at most a batch) with `error`. */
  const rejectFront = (error: unknown): void => {
    for (const entry of queue.splice(0, maxBatch)) entry.reject(error);
  };

  /** Takes the writes at the front of the queue, up to the next exclusive transaction, at most a batch. */
  const takeBatch = (): BatchedWrite[] => {
    let end = 0;
    while (end < queue.length && end < maxBatch && (queue[end] as QueuedWrite).kind === 'write') end++;
    return queue.splice(0, end) as BatchedWrite[];
  };

  /** True when the batch at the front of the queue holds an append (or an exclusive transaction comes first). */
  const nextBatchIsDurable = (): boolean => {
    for (let i = 0; i < queue.length && i < maxBatch; i++) {
      const entry = queue[i] as QueuedWrite;
      if (entry.kind === 'exclusive') return i === 0;
      if (entry.durable) return true;
    }
    return false;
  };

  /** Hands the connection, in a transaction just begun, to an exclusive write; the queue goes on after it. */
  const startExclusive = (entry: ExclusiveWrite): void => {
    held = true;
    void entry.start().finally(() => {
      rollBack(db); // never left open, whatever the work did
      held = false;
      if (timer?.kind === 'retry') clearTimeout(timer.handle);
      if (timer?.kind !== 'immediate') timer = { kind: 'immediate', handle: setImmediate(flush) };
    });
  };

  /** When a transaction of this connection is open: waits for its end, or fails the oldest with BUSY. */
  const waitForExclusive = (): boolean => {
    const waited = performance.now() - (queue[0] as QueuedWrite).since;
    if (waited < busyTimeoutMs) {
      timer = { kind: 'retry', handle: setTimeout(flush, busyTimeoutMs - waited) };
      return true;
    }
    rejectFront(
      new EventStoreError(
        'BUSY',
        `a transaction of this store held the write lock for more than ${busyTimeoutMs} ms`,
      ),
    );
    return false;
  };

  /** Begins a transaction, or (another connection holds the lock) retries soon, or fails the oldest with BUSY. */
  const begin = (): 'begun' | 'retry' | 'failed' => {
    let began: boolean;
    try {
      began = tryBeginImmediate(db, busyTimeoutMs);
    } catch (error) {
      for (const entry of queue.splice(0, maxBatch)) entry.reject(toEventStoreError(error, entry.what));
      return 'failed';
    }
    if (began) {
      busyAttempts = 0;
      return 'begun';
    }
    if (performance.now() - (queue[0] as QueuedWrite).since >= busyTimeoutMs) {
      rejectFront(
        new EventStoreError(
          'BUSY',
          `another connection held the write lock for more than ${busyTimeoutMs} ms`,
        ),
      );
      return 'failed';
    }
    busyAttempts++;
    const delay = Math.random() * Math.min(4, 0.25 * 2 ** busyAttempts);
    timer = { kind: 'retry', handle: setTimeout(flush, delay) };
    return 'retry';
  };

  const flush = (): void => {
    timer = null;
    while (queue.length > 0) {
      if (held) {
        if (waitForExclusive()) return;
        continue;
      }
      const gone = identity.problem();
      if (gone !== null) {
        for (const entry of queue.splice(0)) entry.reject(gone);
        break;
      }
      // A batch of processor writes only commits without waiting for the disk (see BatchedWrite.durable).
      const light = options.synchronous === 'full' && !nextBatchIsDurable();
      if (light) db.exec('PRAGMA synchronous = NORMAL');
      const began = begin();
      if (began === 'retry' || began === 'failed') {
        if (light) db.exec('PRAGMA synchronous = FULL');
        if (began === 'retry') return;
        continue;
      }
      const head = queue[0] as QueuedWrite;
      if (head.kind === 'exclusive') {
        queue.shift();
        startExclusive(head);
      } else queue = [...commitBatch(options, takeBatch()), ...queue];
      if (light) db.exec('PRAGMA synchronous = FULL');
    }
    if (held) return;
    for (const resolve of [...idle]) resolve();
    idle.clear();
  };

  const enqueue = (entry: QueuedWrite): void => {
    queue.push(entry);
    timer ??= { kind: 'immediate', handle: setImmediate(flush) };
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
    if (queue.length === 0 && !held) return Promise.resolve();
    if (timer?.kind === 'immediate') {
      clearImmediate(timer.handle);
      flush();
      if (queue.length === 0 && !held) return Promise.resolve();
    }
    return new Promise<void>((resolve) => idle.add(resolve));
  };

  return { append, write: (what, run) => write(what, run), exclusive, drain };
};
