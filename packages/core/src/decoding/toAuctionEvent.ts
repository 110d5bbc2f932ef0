import type { AuctionEvent } from '../auction/events';
import type { RecordedEvent } from '../eventStore/eventStore';
import { decodeAuctionEvent } from './decodeAuctionEvent';
import type { UpcastSource } from './upcaster';

/**
 * A recorded auction event, typed: the store's fields (`streamVersion`, `globalPosition`, …) with the
 * `type` and `data` of one {@link AuctionEvent}. An array of them folds directly: `fold(events)`.
 */
export type RecordedAuctionEvent = AuctionEvent extends infer E
  ? E extends AuctionEvent
    ? Omit<RecordedEvent, 'type' | 'data'> & E
    : never
  : never;

/** A decoded event's `type` and `data` only (the store's fields and the metadata dropped). */
export const typeAndData = (event: AuctionEvent): AuctionEvent =>
  ({ type: event.type, data: event.data }) as AuctionEvent;

/**
 * A recorded event as the decider sees it: its `type` and `data` only (the store's fields and the
 * metadata are dropped), decoded by `decodeAuctionEvent`. The event is trusted to be one of the
 * auction's own (a stream is written by the service): one the decoder cannot read passes through
 * unchanged (`evolve` ignores unknown types; `verify` of `@gavel/core/audit` reports it).
 */
export const toAuctionEvent = (recorded: UpcastSource): AuctionEvent =>
  typeAndData((decodeAuctionEvent(recorded) ?? recorded) as AuctionEvent);

/**
 * A recorded event decoded by `decodeAuctionEvent`, every store field kept; an event it cannot read
 * comes back as it is.
 *
 * @deprecated Use `decodeAuctionEvent`, which says when it cannot read the event.
 */
export const upcastRecordedEvent = <E extends UpcastSource>(recorded: E): E =>
  (decodeAuctionEvent(recorded) ?? recorded) as E;
