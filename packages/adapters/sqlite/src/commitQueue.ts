import type { BatchedWrite, QueuedWrite } from './queuedWrite';

/** The timer that will run the group commit's next flush: at the next turn, or to retry a busy lock. */
export type FlushTimer =
  | { readonly kind: 'immediate'; readonly handle: NodeJS.Immediate }
  | { readonly kind: 'retry'; readonly handle: NodeJS.Timeout };

/** The state of one connection's group commit, shared by its parts. */
export interface CommitQueue {
  /** The writes waiting, in call order. */
  entries: QueuedWrite[];
  /** True while an exclusive transaction is open on the connection. */
  held: boolean;
  /** The next flush, when one is scheduled. */
  timer: FlushTimer | null;
  /** `BEGIN IMMEDIATE`s in a row that found another connection holding the write lock. */
  busyAttempts: number;
  /** Called once the queue is empty and no exclusive transaction is open (`drain`). */
  readonly idle: Set<() => void>;
}

/** An empty queue. */
export const createCommitQueue = (): CommitQueue => ({
  entries: [],
  held: false,
  timer: null,
  busyAttempts: 0,
  idle: new Set(),
});

/** Fails the first entries of the queue (at most a batch) with `error`. */
export const rejectFront = (queue: CommitQueue, maxBatchSize: number, error: unknown): void => {
  for (const entry of queue.entries.splice(0, maxBatchSize)) entry.reject(error);
};

/** Takes the writes at the front of the queue, up to the next exclusive transaction, at most a batch. */
export const takeBatch = (queue: CommitQueue, maxBatchSize: number): BatchedWrite[] => {
  const entries = queue.entries;
  let end = 0;
  while (end < entries.length && end < maxBatchSize && (entries[end] as QueuedWrite).kind === 'write') end++;
  return entries.splice(0, end) as BatchedWrite[];
};

/** True when the batch at the front of the queue holds an append (or an exclusive transaction comes first). */
export const nextBatchIsDurable = (queue: CommitQueue, maxBatchSize: number): boolean => {
  const entries = queue.entries;
  for (let i = 0; i < entries.length && i < maxBatchSize; i++) {
    const entry = entries[i] as QueuedWrite;
    if (entry.kind === 'exclusive') return i === 0;
    if (entry.durable) return true;
  }
  return false;
};
