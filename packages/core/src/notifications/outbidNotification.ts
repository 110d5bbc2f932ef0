import type { AuctionState } from '../auction/auctionState';
import { minimumNextBid } from '../auction/publicView';
import type { OutbidNotification } from './auctionNotification';
import { notificationId } from './notificationId';

/**
 * `outbid` to the bidder who led before a bid and does not lead after it; null when the leader did not
 * change (a first bid, a leader's raise, a bid that the leader's proxy answered). It carries the price
 * and minimum next bid after the bid, which anyone may see, and nobody's id but the recipient's.
 */
export const outbidNotification = (
  version: number,
  at: number,
  before: AuctionState,
  after: AuctionState,
): OutbidNotification | null => {
  const previous = before.leader;
  const rules = after.rules;
  if (previous === null || rules === null || after.auctionId === null) return null;
  if (after.leader?.bidderId === previous.bidderId) return null;
  const price = after.price;
  const minimum = minimumNextBid(after);
  // A bid that takes the lead leaves a price and an open auction: both are there.
  if (price === null || minimum === null) return null;
  const auctionId = after.auctionId;
  return {
    id: notificationId(auctionId, version, 'outbid', 'leader'),
    kind: 'outbid',
    userId: previous.bidderId,
    auctionId,
    version,
    at,
    currency: rules.currency,
    price,
    minimumNextBid: minimum,
  };
};
