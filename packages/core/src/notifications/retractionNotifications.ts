import type { AuctionState } from '../auction/auctionState';
import type { BidRetracted } from '../auction/events';
import { minimumNextBid } from '../auction/publicView';
import type { AuctionNotification, LeadingNotification } from './auctionNotification';
import { notificationId } from './notificationId';
import { outbidNotification } from './outbidNotification';

/**
 * `leading` to the bidder who leads after a retraction and did not before; null when the leader did
 * not change, when nobody leads, or when it is the bidder who retracted (told nothing of their own act).
 */
const leadingNotification = (
  version: number,
  data: BidRetracted['data'],
  before: AuctionState,
  after: AuctionState,
): LeadingNotification | null => {
  const leader = after.leader;
  const rules = after.rules;
  if (leader === null || rules === null || after.auctionId === null) return null;
  if (leader.bidderId === before.leader?.bidderId || leader.bidderId === data.bidderId) return null;
  const price = after.price;
  const minimum = minimumNextBid(after);
  // A leader on an open auction has a price and a minimum next bid.
  if (price === null || minimum === null) return null;
  const auctionId = after.auctionId;
  return {
    id: notificationId(auctionId, version, 'leading', 'new-leader'),
    kind: 'leading',
    userId: leader.bidderId,
    auctionId,
    version,
    at: data.at,
    currency: rules.currency,
    price,
    minimumNextBid: minimum,
  };
};

/**
 * The notifications of a `BidRetracted`, to whoever it changes, never to the bidder who retracted
 * (they did it, and their command's answer told them): `outbid` to a leader it demoted, then `leading`
 * to the bidder it made the leader, both with the visible price and minimum next bid after it. Under
 * today's rules only the retracting bidder can lose the lead (the others' offers stay as they were, each
 * with its time), so a retraction tells at most the new leader; an `outbid` comes only from a stream
 * that today's rules do not write.
 */
export const retractionNotifications = (
  version: number,
  data: BidRetracted['data'],
  before: AuctionState,
  after: AuctionState,
): readonly AuctionNotification[] => {
  const told: AuctionNotification[] = [];
  if (before.leader !== null && before.leader.bidderId !== data.bidderId) {
    const outbid = outbidNotification(version, data.at, before, after);
    if (outbid !== null) told.push(outbid);
  }
  const leading = leadingNotification(version, data, before, after);
  if (leading !== null) told.push(leading);
  return told;
};
