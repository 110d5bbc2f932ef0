import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { isAuctionStream } from '../eventStore/streamName';
import { defaultProcessorRetry, type RetryOptions, resolveRetryOptions, retryDelay } from '../timing/retry';
import type { Scheduler } from '../timing/scheduler';
import { sleep } from '../timing/sleep';

/** Options of {@link followStore}. */
export interface FollowStoreOptions {
  readonly store: EventStore;
  /** Deliver the events after this global position. */
  readonly from: bigint;
  /** Only streams `<category>-…`; default every stream (as `store.subscribe`). */
  readonly category?: string;
  /** Ends the loop: it returns once aborted. */
  readonly signal: AbortSignal;
  /**
   * Each event, in global order: an auction stream's decoded by `decodeAuctionEvent` (brought to today's
   * schema, its fields checked; one it cannot read comes as recorded). When it returns a promise, the next event waits for it (so a slow
   * consumer slows the reading down rather than piling events up). If it throws, the loop stops.
   */
  readonly onEvent: (event: RecordedEvent) => void | Promise<void>;
  /** At each `caught-up` message (again after each resubscription), with its position. */
  readonly onCaughtUp?: (position: bigint) => void | Promise<void>;
  /** The subscription failed or ended: told before the wait, with the attempt (1 for the first). */
  readonly onFailure?: (failure: {
    error: unknown;
    attempt: number;
    retryInMs: number;
    position: bigint;
  }) => void;
  /** The wait between attempts (it never gives up). Default 100 ms doubling to 5 s, equal jitter. */
  readonly retry?: RetryOptions;
  readonly scheduler?: Scheduler;
  readonly random?: () => number;
}

/** A subscription's reconnects: 100 ms doubling to 5 s, equal jitter, no end. */
const FOLLOW_RETRY = { ...defaultProcessorRetry, maxDelayMs: 5_000 };

const isPromise = (value: unknown): value is Promise<void> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Follows the store from a position until `signal` aborts: the one subscribe-and-resume loop that
 * processors and the live feed stand on. It delivers an auction stream's events decoded (upcast in
 * the read). When the store's subscription throws (a lost connection) or
 * ends while not aborted, it subscribes again after the last event delivered, with backoff: no event is
 * missed and none delivered twice. Resolves with the last position delivered once aborted; rejects only
 * when `onEvent` or `onCaughtUp` throws.
 */
export const followStore = async (options: FollowStoreOptions): Promise<bigint> => {
  const { store, signal, onEvent, onCaughtUp } = options;
  const retry = resolveRetryOptions(options.retry, FOLLOW_RETRY);
  let position = options.from;
  let attempt = 0;
  while (!signal.aborted) {
    let failure: unknown = new Error('the store ended the subscription');
    try {
      const messages = store.subscribe({
        fromPosition: position,
        signal,
        ...(options.category === undefined ? {} : { category: options.category }),
      });
      for await (const message of messages) {
        if (signal.aborted) return position;
        attempt = 0;
        try {
          if (message.type === 'event') {
            const recorded = message.event;
            const handled = onEvent(
              isAuctionStream(recorded.streamName) ? (decodeAuctionEvent(recorded) ?? recorded) : recorded,
            );
            if (isPromise(handled)) await handled;
            position = recorded.globalPosition;
          } else {
            const handled = onCaughtUp?.(message.position);
            if (isPromise(handled)) await handled;
            if (message.position > position) position = message.position;
          }
        } catch (error) {
          throw new ConsumerError(error);
        }
      }
    } catch (error) {
      if (error instanceof ConsumerError) throw error.cause;
      failure = error;
    }
    if (signal.aborted) return position;
    attempt++;
    const retryInMs = retryDelay(attempt, retry, options.random);
    options.onFailure?.({ error: failure, attempt, retryInMs, position });
    await sleep(retryInMs, signal, options.scheduler);
  }
  return position;
};

/** An error thrown by the consumer's callbacks, told apart from the store's. */
class ConsumerError {
  constructor(readonly cause: unknown) {}
}
