import type { PublicView } from '../auction/publicView';
import type { BidderMask } from './bidderMask';

/**
 * The public view with every bidder id masked: the leader and, once sold, the winner. Every other field
 * is kept as it is.
 */
export const maskPublicView = (view: PublicView, mask: BidderMask): PublicView => {
  const leaderId = view.leaderId === null ? null : mask(view.auctionId, view.leaderId);
  const outcome = view.outcome;
  if (outcome === undefined) return { ...view, leaderId };
  const winnerId = outcome.winnerId;
  return {
    ...view,
    leaderId,
    outcome: winnerId === undefined ? outcome : { ...outcome, winnerId: mask(view.auctionId, winnerId) },
  };
};
