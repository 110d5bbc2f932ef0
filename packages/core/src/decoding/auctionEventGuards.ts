import type {
  AuctionCancelled,
  AuctionClosed,
  AuctionEvent,
  AuctionEventType,
  AuctionExtended,
  AuctionOpened,
  BidPlaced,
  BidRetracted,
  MaxBidSet,
} from '../auction/events';
import { auctionEventFieldProblem } from './auctionEventFields';

/**
 * The guard of one event type: its `type`, and `data` with every field the type promises, each of its
 * type (optional ones may be absent). Guards do not upcast: give them decoded events.
 */
const guard =
  <E extends AuctionEvent>(type: AuctionEventType) =>
  <T extends { readonly type: string; readonly data: unknown }>(event: T): event is T & E =>
    event.type === type && auctionEventFieldProblem(type, event.data) === null;

/** True for an `AuctionOpened` event whose data holds the auction's rules. */
export const isAuctionOpened = guard<AuctionOpened>('AuctionOpened');
/** True for a `BidPlaced` event (a straight bid) with its `bidId`, `bidderId` and `amount`. */
export const isBidPlaced = guard<BidPlaced>('BidPlaced');
/** True for a `MaxBidSet` event (a proxy bid; its data holds a secret maximum, `maxAmount`). */
export const isMaxBidSet = guard<MaxBidSet>('MaxBidSet');
/** True for an `AuctionExtended` event (a soft-close extension) with `previousEndsAt` and `endsAt`. */
export const isAuctionExtended = guard<AuctionExtended>('AuctionExtended');
/** True for an `AuctionClosed` event with its `outcome`. */
export const isAuctionClosed = guard<AuctionClosed>('AuctionClosed');
/** True for an `AuctionCancelled` event with who cancelled (`by`). */
export const isAuctionCancelled = guard<AuctionCancelled>('AuctionCancelled');

/** True for a `BidRetracted` event (its data holds the leader's secret max and the runner-up max). */
export const isBidRetracted = guard<BidRetracted>('BidRetracted');
