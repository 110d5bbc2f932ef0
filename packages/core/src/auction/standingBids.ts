import type { AuctionOffers, StandingBid } from './auctionOffers';

/**
 * A bidder's standing bids on the auction (their accepted bids that no retraction withdrew), oldest
 * first; the last one's `offer` is their current offer. Empty when they hold no offer.
 */
export const standingBids = (offers: AuctionOffers, bidderId: string): StandingBid[] => {
  const bids: StandingBid[] = [];
  for (let bid = offers.latestBids.get(bidderId) ?? null; bid !== null; bid = bid.previous) bids.push(bid);
  return bids.reverse();
};
