import { AUCTION_CATEGORY, type EventStore, type RecordedEvent } from '@gavel/core';

/** Options of {@link followStore}. */
export interface FollowStoreOptions {
  readonly store: EventStore;
  readonly fromPosition: bigint;
  readonly onEvent: (event: RecordedEvent) => void;
  readonly onError: (error: unknown) => void;
  readonly signal: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * The feed's one subscription to the store (category `auction`): every event goes to `onEvent`, in the
 * store's global order. When the subscription fails or ends, it is resumed from the last position seen,
 * with backoff (50 ms doubling to 5 s), until `signal` aborts.
 */
export const followStore = async (options: FollowStoreOptions): Promise<void> => {
  const { store, onEvent, onError, signal } = options;
  let position = options.fromPosition;
  let delay = 50;
  while (!signal.aborted) {
    try {
      for await (const message of store.subscribe({
        category: AUCTION_CATEGORY,
        fromPosition: position,
        signal,
      })) {
        if (signal.aborted) return;
        if (message.type === 'event') {
          position = message.event.globalPosition;
          onEvent(message.event);
        } else if (message.position > position) position = message.position;
        delay = 50;
      }
    } catch (error) {
      if (signal.aborted) return;
      onError(error);
    }
    if (signal.aborted) return;
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 5_000);
  }
};
