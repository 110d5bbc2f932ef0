import type { AuctionEvent } from '../auction/events';
import type { RecordedEvent } from '../eventStore/eventStore';

/**
 * A recorded auction event, typed: the store's fields (`streamVersion`, `globalPosition`, …) with the
 * `type` and `data` of one {@link AuctionEvent}. An array of them folds directly: `fold(events)`.
 */
export type RecordedAuctionEvent = AuctionEvent extends infer E
  ? E extends AuctionEvent
    ? Omit<RecordedEvent, 'type' | 'data'> & E
    : never
  : never;

/**
 * A recorded event as the decider sees it: its `type` and `data` only (the store's fields and the
 * metadata are dropped). The event is trusted to be one of the auction's own: a stream is written by
 * the service, which appends only decided events.
 */
export const toAuctionEvent = (recorded: { readonly type: string; readonly data: unknown }): AuctionEvent =>
  ({ type: recorded.type, data: recorded.data }) as AuctionEvent;
