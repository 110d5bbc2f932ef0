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
import { isAuctionEvent } from './auctionEventTypes';

const guard =
  <E extends AuctionEvent>(type: AuctionEventType) =>
  <T extends { readonly type: string; readonly data: unknown }>(event: T): event is T & E =>
    event.type === type && isAuctionEvent(event);

/** True for an `AuctionOpened` event. */
export const isAuctionOpened = guard<AuctionOpened>('AuctionOpened');
/** True for a `BidPlaced` event (a straight bid). */
export const isBidPlaced = guard<BidPlaced>('BidPlaced');
/** True for a `MaxBidSet` event (a proxy bid; its data holds a secret maximum). */
export const isMaxBidSet = guard<MaxBidSet>('MaxBidSet');
/** True for an `AuctionExtended` event (a soft-close extension). */
export const isAuctionExtended = guard<AuctionExtended>('AuctionExtended');
/** True for an `AuctionClosed` event. */
export const isAuctionClosed = guard<AuctionClosed>('AuctionClosed');
/** True for an `AuctionCancelled` event. */
export const isAuctionCancelled = guard<AuctionCancelled>('AuctionCancelled');

/** True for a `BidRetracted` event (its data holds the leader's secret max and the runner-up max). */
export const isBidRetracted = guard<BidRetracted>('BidRetracted');
