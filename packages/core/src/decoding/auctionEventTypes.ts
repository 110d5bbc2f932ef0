import type { AuctionEvent, AuctionEventType } from '../auction/events';
import { auctionEventFieldProblem } from './auctionEventFields';

/** Every auction event type: in the order a stream meets them, then those added later (`BidRetracted`). */
export const AUCTION_EVENT_TYPES: readonly AuctionEventType[] = Object.freeze([
  'AuctionOpened',
  'BidPlaced',
  'MaxBidSet',
  'AuctionExtended',
  'AuctionClosed',
  'AuctionCancelled',
  'BidRetracted',
]);

const known: ReadonlySet<string> = new Set(AUCTION_EVENT_TYPES);

/** True when `type` names one of the auction events. */
export const isAuctionEventType = (type: unknown): type is AuctionEventType =>
  typeof type === 'string' && known.has(type);

/**
 * True when the event (recorded or decided) is an auction event in today's schema: a known `type`, and
 * `data` with every field that type promises, each of its type. It does not upcast: give it a decoded
 * event (`decodeAuctionEvent`, `readAuctionEvents`, a processor's or `followStore`'s events).
 */
export const isAuctionEvent = <E extends { readonly type: string; readonly data: unknown }>(
  event: E,
): event is E & AuctionEvent =>
  isAuctionEventType(event.type) && auctionEventFieldProblem(event.type, event.data) === null;
