import type { AuctionOffers, StandingBid } from '@gavel/core';

/** A user's own standing offer on one auction: what they bid or their secret max. Shown to them alone. */
export type OwnOffer = { readonly amount: number } | { readonly maxAmount: number };

/** The offer an accepted bid leaves its bidder, as they see it: a straight bid's amount, or the max they set. */
export const ownOfferOf = (bid: Pick<StandingBid, 'type' | 'amount'>): OwnOffer =>
  bid.type === 'BidPlaced' ? { amount: bid.amount } : { maxAmount: bid.amount };

/** Each bidder's standing offer (their latest bid that no retraction withdrew), by bidder id. */
export const ownOffersOf = (offers: AuctionOffers): Map<string, OwnOffer> =>
  new Map([...offers.latestBids].map(([bidderId, bid]) => [bidderId, ownOfferOf(bid)]));
