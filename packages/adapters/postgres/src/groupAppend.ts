import { type AppendResult, EventStoreError } from '@gavel/core';
import type { Pool } from 'pg';
import type { PreparedAppend } from './appendEvents';
import { createAppendQueue, takeAppendBatch } from './appendQueue';
import { type QueuedAppend, settleAppend } from './queuedAppend';
import type { SqlNames } from './schema/sqlNames';
import { type AppendCounts, type SendContext, sendAppends } from './sendAppends';

/** How appends to different streams are batched into one transaction (see `docs/adapters/postgres.md`). */
export interface GroupCommitOptions {
  /**
   * How long the first append of a batch waits for others (ms). Default 0: the appends made during the
   * same event-loop turn go together, and no append waits for a timer.
   */
  readonly windowMs?: number;
  /**
   * The most batches in flight at once; appends made meanwhile wait for the next one. Default: the
   * store's `poolSize` (one batch per connection).
   */
  readonly maxInFlight?: number;
  /**
   * The most appends in one transaction. A batch that is full goes at once, without waiting for the
   * turn (or `windowMs`) to end, so that the database writes it while the service decides the next
   * appends. Default 500. The same name as SQLite's `maxBatchSize`.
   */
  readonly maxBatchSize?: number;
}

/** Counters of the batching, since the store was created. */
export interface AppendStats {
  /** Transactions that carried appends (one statement each). */
  readonly transactions: number;
  /** Appends written through them (each its own outcome). */
  readonly appends: number;
  /** Events in those appends. */
  readonly events: number;
}

/** Options of {@link createGroupAppend}. */
export interface GroupAppendOptions extends GroupCommitOptions {
  readonly pool: Pool;
  readonly names: SqlNames;
  readonly timeoutMs: number;
  /** The schema, migrated (run inside each batch's bounded call). */
  readonly ready: () => Promise<void>;
}

/** Queues appends and sends them in batches. */
export interface GroupAppend {
  /** Queues an append; it settles with its own outcome once its transaction has committed (or failed). */
  readonly append: (prepared: PreparedAppend, events: number) => Promise<AppendResult>;
  readonly stats: () => AppendStats;
}

/**
 * Cross-stream group commit: the appends made during one event-loop turn (or `windowMs`) go to the
 * database as one statement, `append_to_streams(jsonb)`: one transaction, one round trip, one WAL
 * flush. A turn with more than `maxBatchSize` appends sends each batch as soon as it is full, so that
 * its statement runs while the rest of the turn is decided. A batch of one uses `append_to_stream`,
 * as before. Each append keeps its own expected-version check and its own outcome (a conflict, a
 * retry's `duplicate`, a partial retry refused): none of them fails the others. Should the statement
 * itself be refused (an error of the server's own, so nothing was written), each append of the batch
 * is sent again alone, so that only the one at fault fails. A lost connection or a timeout fails the
 * whole batch (`mayHaveWritten`: a retry with the same ids is exact). Every append settles within
 * `timeoutMs` of the call, the wait for its batch included.
 */
export const createGroupAppend = (options: GroupAppendOptions): GroupAppend => {
  const { timeoutMs } = options;
  const windowMs = options.windowMs ?? 0;
  const maxInFlight = options.maxInFlight ?? 10;
  const maxBatchSize = options.maxBatchSize ?? 500;
  const queue = createAppendQueue();
  const counts: AppendCounts = { transactions: 0, appends: 0, events: 0 };
  const send: SendContext = { ...options, counts };

  const flush = (): void => {
    queue.scheduled = false;
    queue.fresh = 0;
    while (queue.waiting.length > 0 && queue.inFlight < maxInFlight) {
      const batch = takeAppendBatch(queue, maxBatchSize);
      if (batch.length === 0) return; // every queued stream is in flight: its batch's end schedules again
      queue.inFlight++;
      sendAppends(send, batch).finally(() => {
        queue.inFlight--;
        for (const append of batch) queue.busy.delete(append.prepared.streamName);
        if (queue.waiting.length > 0) schedule();
      });
    }
  };

  const schedule = (): void => {
    if (queue.scheduled) return;
    queue.scheduled = true;
    if (windowMs > 0) setTimeout(flush, windowMs);
    else setImmediate(flush);
  };

  const append = (prepared: PreparedAppend, eventCount: number): Promise<AppendResult> =>
    new Promise<AppendResult>((resolve, reject) => {
      const queued: QueuedAppend = {
        prepared,
        events: eventCount,
        resolve,
        reject,
        sent: false,
        settled: false,
        timer: setTimeout(() => {
          // Still queued: it never left, so nothing can have been written.
          if (!queued.sent) queue.waiting = queue.waiting.filter((other) => other !== queued);
          settleAppend(queued, {
            error: new EventStoreError('TIMEOUT', `PostgreSQL append got no answer within ${timeoutMs} ms`, {
              mayHaveWritten: queued.sent,
            }),
          });
        }, timeoutMs),
      };
      queue.waiting.push(queued);
      if (!queue.busy.has(prepared.streamName) && ++queue.fresh >= maxBatchSize) flush();
      else schedule();
    });

  return { append, stats: () => ({ ...counts }) };
};
