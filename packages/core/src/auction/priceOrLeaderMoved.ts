import type { AuctionState, Offer } from './auctionState';

/**
 * True when an offer changed what the public sees: the price, or who leads (a leader's silent raise
 * changes neither). It counts a bid as visible (`evolve`), lets a bid extend a soft close (`decideBid`)
 * and adds a history entry (`projectPublicEvent`). `price` and `leader` are those after the offer.
 * A plain comparison, no allocation: it runs in every fold.
 */
export const priceOrLeaderMoved = (
  before: AuctionState,
  price: number | null,
  leader: Offer | null,
): boolean => before.price !== price || before.leader?.bidderId !== leader?.bidderId;
