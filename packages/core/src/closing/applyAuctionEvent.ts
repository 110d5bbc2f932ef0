import {
  isAuctionCancelled,
  isAuctionClosed,
  isAuctionExtended,
  isAuctionOpened,
} from '../decoding/auctionEventGuards';
import type { RecordedEvent } from '../eventStore/eventStore';
import type { AuctionDeadlines } from './auctionDeadlines';

/** What a closer keeps of an auction whose `CloseAuction` is in flight. */
export interface InFlightClose {
  /** The due time it was sent for, moved by an extension seen while in flight. */
  due: number;
  /** An `AuctionClosed` or `AuctionCancelled` was seen while in flight. */
  gone: boolean;
}

/**
 * Applies one recorded auction event to a closer's state: `AuctionOpened` tracks the auction at its
 * end, `AuctionExtended` moves the end, `AuctionClosed` and `AuctionCancelled` stop tracking it; bids
 * change nothing. An auction whose close is in flight is updated in `inFlight` instead.
 */
export const applyAuctionEvent = (
  event: RecordedEvent,
  deadlines: AuctionDeadlines,
  inFlight: ReadonlyMap<string, InFlightClose>,
): void => {
  if (isAuctionOpened(event)) {
    const flight = inFlight.get(event.data.auctionId);
    if (flight === undefined) deadlines.set(event.data.auctionId, event.data.endsAt);
  } else if (isAuctionExtended(event)) {
    const { auctionId, endsAt } = event.data;
    const flight = inFlight.get(auctionId);
    if (flight !== undefined) {
      if (endsAt > flight.due) flight.due = endsAt;
    } else if (deadlines.dueOf(auctionId) !== undefined) deadlines.set(auctionId, endsAt);
  } else if (isAuctionClosed(event) || isAuctionCancelled(event)) {
    const flight = inFlight.get(event.data.auctionId);
    if (flight !== undefined) flight.gone = true;
    else deadlines.delete(event.data.auctionId);
  }
};
