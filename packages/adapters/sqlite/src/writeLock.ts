import { EventStoreError, retryDelay } from '@gavel/core';
import { type CommitQueue, rejectFront } from './commitQueue';
import { toEventStoreError } from './failures/toEventStoreError';
import type { GroupCommitOptions } from './groupCommit';
import type { QueuedWrite } from './queuedWrite';
import { BUSY_RETRY, tryBeginImmediate } from './tryBeginImmediate';

/** What taking the write lock needs of the group commit's options. */
type LockOptions = Pick<GroupCommitOptions, 'db' | 'maxBatchSize' | 'busyTimeoutMs'>;

/**
 * When a transaction of this connection is open: waits for its end (`retryIn` the time left), or fails
 * the oldest with BUSY. @returns true when it waits.
 */
export const waitForExclusive = (
  options: LockOptions,
  queue: CommitQueue,
  retryIn: (ms: number) => void,
): boolean => {
  const { maxBatchSize, busyTimeoutMs } = options;
  const waited = performance.now() - (queue.entries[0] as QueuedWrite).since;
  if (waited < busyTimeoutMs) {
    retryIn(busyTimeoutMs - waited);
    return true;
  }
  rejectFront(
    queue,
    maxBatchSize,
    new EventStoreError(
      'BUSY',
      `a transaction of this store held the write lock for more than ${busyTimeoutMs} ms`,
    ),
  );
  return false;
};

/**
 * Begins a transaction, or (another connection holds the lock) retries soon through `retryIn`, or
 * fails the oldest with BUSY (or, should `BEGIN` fail otherwise, with that error).
 */
export const beginBatch = (
  options: LockOptions,
  queue: CommitQueue,
  retryIn: (ms: number) => void,
): 'begun' | 'retry' | 'failed' => {
  const { db, maxBatchSize, busyTimeoutMs } = options;
  let began: boolean;
  try {
    began = tryBeginImmediate(db, busyTimeoutMs);
  } catch (error) {
    for (const entry of queue.entries.splice(0, maxBatchSize))
      entry.reject(toEventStoreError(error, entry.what));
    return 'failed';
  }
  if (began) {
    queue.busyAttempts = 0;
    return 'begun';
  }
  if (performance.now() - (queue.entries[0] as QueuedWrite).since >= busyTimeoutMs) {
    rejectFront(
      queue,
      maxBatchSize,
      new EventStoreError('BUSY', `another connection held the write lock for more than ${busyTimeoutMs} ms`),
    );
    return 'failed';
  }
  queue.busyAttempts++;
  const delay = retryDelay(queue.busyAttempts, BUSY_RETRY);
  retryIn(delay);
  return 'retry';
};
