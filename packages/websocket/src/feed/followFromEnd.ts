import {
  AUCTION_CATEGORY,
  type EventStore,
  followStore,
  type RecordedEvent,
  retryDelay,
  sleep,
} from '@gavel/core';
import { type AuctionFeedError, causeText } from './feedError';
import { FEED_RETRY } from './feedRetry';

/** Options of {@link followFromEnd}. */
export interface FollowFromEndOptions {
  readonly store: EventStore;
  /** Where to start; default the store's end (`store.processors.headPosition()`). */
  readonly fromPosition?: bigint;
  readonly onEvent: (event: RecordedEvent) => void;
  /** Told of each failure (`SUBSCRIPTION_FAILED`), before the wait to try again. */
  readonly onError: (error: AuctionFeedError) => void;
}

/** The feed's following of the store: where it started, when it ended, and how to end it. */
export interface FollowingStore {
  /** Resolves with the position the subscription starts after, once known. */
  readonly started: Promise<bigint>;
  /** Resolves once stopped. */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * The feed's one subscription to the store (category `auction`): it starts at the store's end when
 * the feed starts (a live feed has no use for the history: each watched auction is read from its own
 * stream), and goes on with core's `followStore`, which resumes after the last event with backoff
 * when the subscription fails. Reading the end is retried the same way while the store is down.
 */
export const followFromEnd = (options: FollowFromEndOptions): FollowingStore => {
  const { store, onEvent, onError } = options;
  const abort = new AbortController();
  const failed = (error: unknown, retryInMs: number, what: string): void =>
    onError({
      code: 'SUBSCRIPTION_FAILED',
      message: `${what} failed (${causeText(error)}); trying again in ${retryInMs} ms`,
      retryInMs,
      cause: error,
    });
  const started = (async (): Promise<bigint> => {
    if (options.fromPosition !== undefined) return options.fromPosition;
    for (let attempt = 1; ; attempt++) {
      try {
        return await store.processors.headPosition();
      } catch (error) {
        if (abort.signal.aborted) return 0n;
        const retryInMs = retryDelay(attempt, FEED_RETRY);
        failed(error, retryInMs, "reading the store's end");
        await sleep(retryInMs, abort.signal);
      }
    }
  })();
  const done = started.then(async (from) => {
    if (abort.signal.aborted) return;
    await followStore({
      store,
      from,
      category: AUCTION_CATEGORY,
      signal: abort.signal,
      onEvent,
      retry: FEED_RETRY,
      onFailure: ({ error, retryInMs, position }) =>
        failed(error, retryInMs, `the store subscription (from position ${position})`),
    });
  });
  return { started, done, stop: () => abort.abort() };
};
