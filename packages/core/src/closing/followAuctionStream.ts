import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { AUCTION_CATEGORY } from '../eventStore/streamName';

/** What {@link followAuctionStream} needs. */
export interface FollowContext {
  readonly store: EventStore;
  /** Aborting it ends the loop (and the store's subscription). */
  readonly signal: AbortSignal;
  /** The position to start after; afterwards, the last position applied. */
  position: bigint;
  /** Applies one recorded auction event (synchronously). */
  readonly onEvent: (event: RecordedEvent) => void;
  /** Called at every `caught-up` message (again after each re-subscription). */
  readonly onCaughtUp: () => void;
  /** The subscription threw or ended: returns how long to wait before subscribing again. */
  readonly onFailure: (error: unknown, attempt: number) => number;
  /** Waits `ms` (resolves early when the signal aborts). */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Follows the auction streams from `context.position` until the signal aborts. When the store's
 * subscription throws (a lost connection) or ends while not aborted, it subscribes again from the last
 * position applied, after the wait `onFailure` asks for: no event is missed and none applied twice.
 */
export const followAuctionStream = async (context: FollowContext): Promise<void> => {
  const { store, signal } = context;
  let attempt = 0;
  while (!signal.aborted) {
    try {
      const messages = store.subscribe({
        category: AUCTION_CATEGORY,
        fromPosition: context.position,
        signal,
      });
      for await (const message of messages) {
        if (signal.aborted) return;
        if (message.type === 'event') {
          context.onEvent(message.event);
          context.position = message.event.globalPosition;
        } else {
          if (message.position > context.position) context.position = message.position;
          context.onCaughtUp();
        }
        attempt = 0;
      }
      if (signal.aborted) return;
      throw new Error('the store ended the subscription');
    } catch (error) {
      if (signal.aborted) return;
      attempt++;
      await context.sleep(context.onFailure(error, attempt));
    }
  }
};
