import type { QueuedAppend } from './queuedAppend';

/** The state of a group append: the appends waiting, and the batches in flight. */
export interface AppendQueue {
  /** Appends not sent yet, in call order. */
  waiting: QueuedAppend[];
  /** Batches in flight. */
  inFlight: number;
  /** Streams with an append in flight. */
  readonly busy: Set<string>;
  /** Appends queued since the last flush whose stream was not in flight: at `maxBatchSize`, a batch is full. */
  fresh: number;
  /** True while a flush is scheduled. */
  scheduled: boolean;
}

/** An empty queue. */
export const createAppendQueue = (): AppendQueue => ({
  waiting: [],
  inFlight: 0,
  busy: new Set(),
  fresh: 0,
  scheduled: false,
});

/**
 * Takes the next batch out of the queue and marks it sent: queued appends in call order, at most one
 * per stream and none of a stream with an append in flight (those wait, so that one stream's appends
 * are written in call order), at most `maxBatchSize`. Its streams are then in flight.
 */
export const takeAppendBatch = (queue: AppendQueue, maxBatchSize: number): QueuedAppend[] => {
  const batch: QueuedAppend[] = [];
  const rest: QueuedAppend[] = [];
  for (const append of queue.waiting) {
    const stream = append.prepared.streamName;
    if (batch.length < maxBatchSize && !queue.busy.has(stream)) {
      queue.busy.add(stream);
      append.sent = true;
      batch.push(append);
    } else rest.push(append);
  }
  queue.waiting = rest;
  return batch;
};
