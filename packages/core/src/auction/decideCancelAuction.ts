import type { AuctionState } from './auctionState';
import type { CancelAuction } from './commands';
import { accepted, type Decision, rejected } from './decision';

/** Decides `CancelAuction`: the seller may withdraw the auction before its first accepted bid. */
export const decideCancelAuction = (command: CancelAuction, state: AuctionState, now: number): Decision => {
  const { auctionId, by, reason } = command.data;
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId !== auctionId)
    return rejected('AUCTION_NOT_FOUND', `Auction '${auctionId}' does not exist`);
  if (state.status !== 'open') return rejected('AUCTION_CLOSED', `Auction '${auctionId}' is ${state.status}`);
  if (by !== rules.sellerId) return rejected('CANCEL_NOT_ALLOWED', 'Only the seller can cancel an auction');
  if (state.bidCount > 0) return rejected('CANCEL_NOT_ALLOWED', 'An auction with bids cannot be cancelled');
  return accepted([
    {
      type: 'AuctionCancelled',
      data: { auctionId, at: now, by, ...(reason === undefined ? {} : { reason }) },
    },
  ]);
};
