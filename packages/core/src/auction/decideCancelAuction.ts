import type { AuctionState } from './auctionState';
import { auctionClosed, auctionNotFound } from './biddingGuard';
import type { CancelAuction } from './commands';
import { accepted, type Decision, rejected } from './decision';

/** Decides `CancelAuction`: the seller may withdraw the auction before its first accepted bid. */
export const decideCancelAuction = (command: CancelAuction, state: AuctionState, now: number): Decision => {
  const { auctionId, by, reason } = command.data;
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId !== auctionId)
    return auctionNotFound(auctionId);
  if (state.status !== 'open') return auctionClosed(auctionId, state.status);
  if (by !== rules.sellerId)
    return rejected('CANCEL_NOT_ALLOWED', 'Only the seller can cancel an auction', { reason: 'not-seller' });
  if (state.bidCount > 0)
    return rejected('CANCEL_NOT_ALLOWED', 'An auction with bids cannot be cancelled', { reason: 'has-bids' });
  return accepted([
    {
      type: 'AuctionCancelled',
      data: { auctionId, at: now, by, ...(reason === undefined ? {} : { reason }) },
    },
  ]);
};
