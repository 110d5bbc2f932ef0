import type { AuctionState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import type { AuctionNotification } from './auctionNotification';
import { cancelledNotification } from './cancelledNotification';
import { closeNotifications } from './closeNotifications';
import { outbidNotification } from './outbidNotification';
import { retractionNotifications } from './retractionNotifications';

const NONE: readonly AuctionNotification[] = Object.freeze([]);

const one = (notification: AuctionNotification | null): readonly AuctionNotification[] =>
  notification === null ? NONE : [notification];

/**
 * The notifications that one recorded auction event causes. Pure and total: the same event and states
 * always give the same notifications, with the same ids, in the same order.
 *
 * - `BidPlaced`, `MaxBidSet`: `outbid` to the bidder who led before and does not lead after, with the
 *   new visible price and minimum next bid. Nothing when the leader stays (a first bid, a raise, a bid
 *   the leader's proxy answered at once: that bidder learns it from their command's answer).
 * - `AuctionClosed`: sold (by bidding or buy-it-now), `won` to the winner then `sold` to the seller,
 *   with the sale price; unsold, `unsold` to the seller with its reason. Every other bidder who held an
 *   offer loses: the state does not know them all, so the caller sends their `lost`
 *   ({@link lostNotification}).
 * - `AuctionCancelled`: `cancelled` to the leader, if any (under today's rules there is none: the
 *   seller may cancel only before the first bid).
 * - `BidRetracted`: to whoever it changes, never to the bidder who retracted: `leading` to the bidder
 *   who leads after it and did not before, with the visible price (it may have gone down) and minimum
 *   next bid; `outbid` to a leader it demoted who did not retract (none under today's rules, where a
 *   retraction demotes only its own bidder). Nothing when the leader stays.
 * - `AuctionOpened`, `AuctionExtended`, and a type this version does not know: nothing.
 *
 * No notification names a user other than its recipient, and none carries an amount above the price
 * the public sees after the event (the sale price, once sold): no max, no reserve.
 *
 * @param event - the recorded event, decoded (a `RecordedAuctionEvent`; its `streamVersion` goes
 *   into every id)
 * @param before - the auction's state before the event
 * @param after - the auction's state after it: `evolve(before, event)`
 * @returns the notifications, possibly none
 */
export const auctionNotifications = (
  event: AuctionEvent & { readonly streamVersion: number },
  before: AuctionState,
  after: AuctionState,
): readonly AuctionNotification[] => {
  const version = event.streamVersion;
  switch (event.type) {
    case 'BidPlaced':
    case 'MaxBidSet':
      return one(outbidNotification(version, event.data.at, before, after));
    case 'AuctionClosed':
      return closeNotifications(version, event.data, after);
    case 'AuctionCancelled':
      return one(cancelledNotification(version, event.data, before));
    case 'BidRetracted':
      return retractionNotifications(version, event.data, before, after);
    case 'AuctionOpened':
    case 'AuctionExtended':
      return NONE;
    default:
      // A type this version does not know (a newer writer's): nothing, as `evolve` changes nothing.
      return NONE;
  }
};
