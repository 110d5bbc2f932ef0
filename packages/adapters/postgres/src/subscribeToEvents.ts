import type { SubscribeOptions, SubscriptionMessage } from '@gavel/core';
import type { Pool } from 'pg';
import type { ChangeFeed } from './changeFeed';
import { readBatch } from './readBatch';
import type { SqlNames } from './schema/sqlNames';

/** What a subscription needs from its store. */
export interface SubscriptionContext {
  readonly pool: Pool;
  readonly names: SqlNames;
  readonly feed: ChangeFeed;
  readonly ready: () => Promise<void>;
  readonly isClosed: () => boolean;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
}

/**
 * A subscription: reads by position up to the safe horizon (see `readBatch`), batch after batch; once
 * a batch comes back short it has caught up, says so once, then waits for a notification or the poll
 * interval, whichever comes first, and reads again. Notifications only wake it: the read is the truth.
 */
export const subscribeToEvents = (
  context: SubscriptionContext,
  options: SubscribeOptions = {},
): AsyncIterable<SubscriptionMessage> => ({
  async *[Symbol.asyncIterator]() {
    const { pool, names, feed, batchSize, pollIntervalMs } = context;
    const signal = options.signal;
    const prefix = options.category === undefined ? null : `${options.category}-`;
    let cursor = options.fromPosition !== undefined && options.fromPosition > 0n ? options.fromPosition : 0n;
    let changed = false;
    let wake: (() => void) | null = null;
    const poke = (): void => {
      changed = true;
      wake?.();
    };
    const stopped = (): boolean => signal?.aborted === true || context.isClosed();
    const unsubscribe = feed.onChange(poke);
    signal?.addEventListener('abort', poke);
    try {
      await context.ready();
      let caughtUp = false;
      while (!stopped()) {
        await feed.listen();
        changed = false;
        let batch: Awaited<ReturnType<typeof readBatch>>;
        try {
          batch = await readBatch(pool, names, cursor, prefix, batchSize);
        } catch (error) {
          if (stopped()) return;
          throw error;
        }
        for (const event of batch.events) {
          if (stopped()) return;
          yield { type: 'event', event };
          cursor = event.globalPosition;
        }
        if (batch.events.length === batchSize) continue;
        if (batch.horizon !== null && batch.horizon > cursor) cursor = batch.horizon;
        if (stopped()) return;
        if (!caughtUp) {
          caughtUp = true;
          yield { type: 'caught-up', position: cursor };
        }
        if (changed || stopped()) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', poke);
    }
  },
});
