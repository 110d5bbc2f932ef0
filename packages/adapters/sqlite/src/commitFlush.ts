import { commitBatch } from './commitBatch';
import { type CommitQueue, nextBatchIsDurable, takeBatch } from './commitQueue';
import type { GroupCommitOptions } from './groupCommit';
import type { ExclusiveWrite, QueuedWrite } from './queuedWrite';
import { rollBack } from './rollBack';
import { beginBatch, waitForExclusive } from './writeLock';

/**
 * Creates the flush of a group commit: it runs the queue's batches, each in one transaction, and
 * begins its exclusive transactions, in queue order, until the queue is empty or must wait (for the
 * write lock, or for an exclusive transaction to settle); then a timer runs it again. Once the queue is
 * empty and no exclusive transaction is open, the `drain`s waiting are resolved.
 */
export const createCommitFlush = (options: GroupCommitOptions, queue: CommitQueue): (() => void) => {
  const { db, maxBatchSize, identity } = options;

  const retryIn = (ms: number): void => {
    queue.timer = { kind: 'retry', handle: setTimeout(flush, ms) };
  };

  /** Hands the connection, in a transaction just begun, to an exclusive write; the queue goes on after it. */
  const startExclusive = (entry: ExclusiveWrite): void => {
    queue.held = true;
    void entry.start().finally(() => {
      rollBack(db); // never left open, whatever the work did
      queue.held = false;
      const timer = queue.timer;
      if (timer?.kind === 'retry') clearTimeout(timer.handle);
      if (timer?.kind !== 'immediate') queue.timer = { kind: 'immediate', handle: setImmediate(flush) };
    });
  };

  /** Runs the queue. */
  const flush = (): void => {
    queue.timer = null;
    while (queue.entries.length > 0) {
      if (queue.held) {
        if (waitForExclusive(options, queue, retryIn)) return;
        continue;
      }
      const gone = identity.problem();
      if (gone !== null) {
        for (const entry of queue.entries.splice(0)) entry.reject(gone);
        break;
      }
      // A batch of processor writes only commits without waiting for the disk (see BatchedWrite.durable).
      const light = options.synchronous === 'full' && !nextBatchIsDurable(queue, maxBatchSize);
      if (light) db.exec('PRAGMA synchronous = NORMAL');
      const began = beginBatch(options, queue, retryIn);
      if (began === 'retry' || began === 'failed') {
        if (light) db.exec('PRAGMA synchronous = FULL');
        if (began === 'retry') return;
        continue;
      }
      const head = queue.entries[0] as QueuedWrite;
      if (head.kind === 'exclusive') {
        queue.entries.shift();
        startExclusive(head);
      } else queue.entries = [...commitBatch(options, takeBatch(queue, maxBatchSize)), ...queue.entries];
      if (light) db.exec('PRAGMA synchronous = FULL');
    }
    if (queue.held) return;
    for (const resolve of [...queue.idle]) resolve();
    queue.idle.clear();
  };

  return flush;
};
