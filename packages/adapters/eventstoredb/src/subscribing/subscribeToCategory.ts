import {
  type EventStoreError,
  type RetryPolicy,
  retryDelay,
  type SubscribeOptions,
  type SubscriptionMessage,
  sleep,
} from '@gavel/core';
import { errorKind } from '../client/errorKind';
import type { AllSubscriptionMessage, StoreClient } from '../client/storeClient';
import { defaultEventStoreDBRetry } from '../esdbRetry';
import { toEventStoreError } from '../failures/toEventStoreError';
import { isInternalStream } from '../internalStreams';
import { toRecordedEvent } from '../toRecordedEvent';

/** Options of {@link subscribeToCategory} besides the port's own. */
export interface SubscriptionRuntime {
  readonly client: StoreClient;
  /** Aborted when the store closes. */
  readonly closed: AbortSignal;
  /** The waits between reconnects (`maxAttempts` is not used: it reconnects until closed). Default {@link defaultEventStoreDBRetry}. */
  readonly retry?: RetryPolicy;
  /** Pause the server stream above this many undelivered messages. Default 1000. */
  readonly highWaterMark?: number;
}

/** What the wait for the next message resolves with when woken by an abort. */
const WOKEN = Symbol('woken');

/** The message that tells the loop the head of `$all` has been read (or could not be). */
interface HeadRead {
  readonly kind: 'head';
}
const HEAD_READ: HeadRead = { kind: 'head' };

/**
 * The commit position of the last event in `$all` (undefined for an empty store, or once `signal`
 * aborted), retried after transient errors; rejects with an `EventStoreError` on any other.
 */
const readHead = async (runtime: SubscriptionRuntime, signal: AbortSignal): Promise<bigint | undefined> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runtime.client.readAllHead();
    } catch (error) {
      const kind = errorKind(error);
      if (kind !== 'transient' && kind !== 'not-leader')
        throw toEventStoreError(error, 'subscription', false);
      await sleep(retryDelay(attempt + 1, runtime.retry ?? defaultEventStoreDBRetry), signal);
      if (signal.aborted) return undefined;
    }
  }
};

/**
 * A catch-up subscription to `$all` filtered to `<category>-` streams (without a category: every stream
 * but system streams and the adapter's own, see `internalStreams.ts`): history after `fromPosition`,
 * one `caught-up`, then live events. On a transient error (server unavailable, leader change, deadline)
 * it resubscribes from the last delivered position after an exponential backoff with jitter, and skips
 * anything at or before that position, so nothing is lost or delivered twice.
 *
 * Caught-up is announced when the server says so (EventStoreDB 23.10+ sends it), or, for older servers,
 * once the subscription has reached the `$all` head read when it started (with an event or a
 * checkpoint); the head is read alongside the subscription, which starts at once.
 */
export const subscribeToCategory = (
  runtime: SubscriptionRuntime,
  options: SubscribeOptions = {},
): AsyncIterable<SubscriptionMessage> => ({
  async *[Symbol.asyncIterator]() {
    const { client } = runtime;
    const fromPosition = options.fromPosition ?? 0n;
    const prefix = options.category === undefined ? undefined : `${options.category}-`;
    const signal =
      options.signal === undefined ? runtime.closed : AbortSignal.any([runtime.closed, options.signal]);
    const highWaterMark = runtime.highWaterMark ?? 1_000;
    if (signal.aborted) return;

    let last = fromPosition;
    /** The furthest position the subscription has reached: events of any stream, and checkpoints. */
    let seen = fromPosition;
    let caughtUp = false;
    let attempt = 0;
    // The head of `$all`, read alongside the subscription (not before it: a first read may take a
    // client a while to connect), for servers that send no caught_up.
    let head: { readonly position: bigint | undefined } | undefined;
    let headFailure: EventStoreError | undefined;
    let onHead = (): void => undefined;
    void readHead(runtime, signal).then(
      (position) => {
        head = { position };
        onHead();
      },
      (error: EventStoreError) => {
        headFailure = error;
        onHead();
      },
    );
    const reachedHead = (): boolean =>
      head !== undefined && (head.position === undefined || seen >= head.position);
    const caughtUpMessage = (): SubscriptionMessage => {
      caughtUp = true;
      const position = [last, head?.position ?? 0n].reduce((a, b) => (a > b ? a : b));
      return { type: 'caught-up', position };
    };

    while (!signal.aborted) {
      const queue: Array<AllSubscriptionMessage | HeadRead> = [];
      let wake: (() => void) | undefined;
      let paused = false;
      onHead = () => {
        queue.push(HEAD_READ);
        wake?.();
      };
      if (head !== undefined || headFailure !== undefined) queue.push(HEAD_READ);
      const handle = client.subscribeToAll(
        { fromPosition: last === 0n ? undefined : last, prefix },
        (message) => {
          queue.push(message);
          if (!paused && queue.length >= highWaterMark) {
            paused = true;
            handle.pause();
          }
          wake?.();
        },
      );
      const onAbort = (): void => wake?.();
      signal.addEventListener('abort', onAbort);
      try {
        while (true) {
          const next =
            queue.shift() ??
            (await new Promise<typeof WOKEN>((resolve) => {
              wake = () => resolve(WOKEN);
            }));
          wake = undefined;
          if (signal.aborted) return;
          if (next === WOKEN) continue;
          if (paused && queue.length < highWaterMark / 10) {
            paused = false;
            handle.resume();
          }
          if (next.kind === 'head') {
            if (headFailure !== undefined) throw headFailure;
            if (!caughtUp && reachedHead()) yield caughtUpMessage();
          } else if (next.kind === 'confirmed') {
            attempt = 0;
          } else if (next.kind === 'event' && isInternalStream(next.event.streamName)) {
            // The adapter's own bookkeeping (only a category named like it reaches here): never delivered.
            if ((next.event.position ?? 0n) > seen) seen = next.event.position ?? 0n;
            if (!caughtUp && reachedHead()) yield caughtUpMessage();
          } else if (next.kind === 'event') {
            attempt = 0;
            const event = toRecordedEvent(next.event);
            if (event.globalPosition <= last) continue;
            last = event.globalPosition;
            if (last > seen) seen = last;
            yield { type: 'event', event };
            if (!caughtUp && reachedHead()) yield caughtUpMessage();
          } else if (next.kind === 'checkpoint') {
            if (next.position > seen) seen = next.position;
            if (!caughtUp && reachedHead()) yield caughtUpMessage();
          } else if (next.kind === 'caught-up') {
            if (!caughtUp) yield caughtUpMessage();
          } else if (next.kind === 'error') {
            const kind = errorKind(next.error);
            if (kind !== 'transient' && kind !== 'not-leader')
              throw toEventStoreError(next.error, 'subscription', false);
            break;
          } else {
            break;
          }
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        await handle.stop().catch(() => undefined);
      }
      await sleep(retryDelay(++attempt, runtime.retry ?? defaultEventStoreDBRetry), signal);
    }
  },
});
