import type { AuctionState } from './auctionState';
import { type Rejected, rejected } from './decision';

/**
 * Step 1 of accepting a bid (and of buy-it-now): the auction exists, is neither closed nor cancelled,
 * and `startsAt <= now < endsAt`, with `endsAt` the effective end. A bid at or after the end is
 * rejected even before a close is recorded.
 * @returns the rejection, or null when bidding is open.
 */
export const biddingGuard = (state: AuctionState, auctionId: string, now: number): Rejected | null => {
  const rules = state.rules;
  if (state.status === 'none' || rules === null || state.auctionId !== auctionId)
    return rejected('AUCTION_NOT_FOUND', `Auction '${auctionId}' does not exist`);
  if (state.status !== 'open') return rejected('AUCTION_CLOSED', `Auction '${auctionId}' is ${state.status}`);
  if (now < rules.startsAt)
    return rejected('AUCTION_NOT_STARTED', `Auction '${auctionId}' starts at ${rules.startsAt}`);
  if (now >= state.endsAt)
    return rejected('AUCTION_ENDED', `Auction '${auctionId}' ended at ${state.endsAt}`);
  return null;
};
