import {
  defaultProcessorRetry,
  isTransientEventStoreError,
  type RetryPolicy,
  retryDelay,
  type SubscribeOptions,
  type SubscriptionMessage,
} from '@gavel/core';
import type { ChangeFeed } from './changeFeed';
import type { CallContext } from './failures/boundedCall';
import { type Batch, readBatch } from './readBatch';
import type { SqlNames } from './schema/sqlNames';

/** A subscription's wait while the database is unreachable: 50 ms doubling to 1 s (back within about a second). */
const SUBSCRIPTION_RETRY: RetryPolicy = { ...defaultProcessorRetry, initialDelayMs: 50, maxDelayMs: 1_000 };

/** What a subscription needs from its store. */
export interface SubscriptionContext {
  /** Runs one bounded store call (schema migrated first, driver errors mapped). */
  readonly run: <T>(what: string, body: (call: CallContext) => Promise<T>) => Promise<T>;
  readonly names: SqlNames;
  readonly feed: ChangeFeed;
  readonly isClosed: () => boolean;
  /** Events read per query. */
  readonly pageSize: number;
  readonly pollIntervalMs: number;
  /** Waits between attempts while the database is unreachable. Default 50 ms doubling to 1 s, equal jitter. */
  readonly retry?: RetryPolicy;
}

/**
 * A subscription: reads by position up to the safe horizon (see `readBatch`), batch after batch; once
 * a batch comes back short it has caught up, says so once, then waits for a notification or the poll
 * interval, whichever comes first, and reads again. Notifications only wake it: the read is the truth.
 *
 * Outages: a read that fails with `UNAVAILABLE`, `TIMEOUT` or `BUSY` (the server restarting, stopped or
 * frozen) is tried again after a backoff with jitter (50 ms doubling up to 1 s), from the last position
 * the subscription reached, so it delivers every event once, in order, across any number of outages.
 * Any other error ends the iteration with that error.
 */
export const subscribeToEvents = (
  context: SubscriptionContext,
  options: SubscribeOptions = {},
): AsyncIterable<SubscriptionMessage> => ({
  async *[Symbol.asyncIterator]() {
    const { run, names, feed, pageSize, pollIntervalMs } = context;
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
    /** Resolves after `ms`, or sooner on a notification or an abort. */
    const pause = (ms: number): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }).finally(() => {
        wake = null;
      });
    const unsubscribe = feed.onChange(poke);
    signal?.addEventListener('abort', poke);
    try {
      let caughtUp = false;
      let failures = 0;
      while (!stopped()) {
        await feed.listen();
        changed = false;
        let batch: Batch;
        try {
          batch = await run('subscription read', (call) => readBatch(call, names, cursor, prefix, pageSize));
        } catch (error) {
          if (stopped()) return;
          if (!isTransientEventStoreError(error)) throw error;
          await pause(retryDelay(++failures, context.retry ?? SUBSCRIPTION_RETRY));
          continue;
        }
        failures = 0;
        for (const event of batch.events) {
          if (stopped()) return;
          yield { type: 'event', event };
          cursor = event.globalPosition;
        }
        if (batch.events.length === pageSize) continue;
        if (batch.horizon !== null && batch.horizon > cursor) cursor = batch.horizon;
        if (stopped()) return;
        if (!caughtUp) {
          caughtUp = true;
          yield { type: 'caught-up', position: cursor };
        }
        if (changed || stopped()) continue;
        await pause(pollIntervalMs);
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', poke);
    }
  },
});
