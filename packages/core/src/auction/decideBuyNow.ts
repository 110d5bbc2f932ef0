import type { AuctionState } from './auctionState';
import { biddingGuard } from './biddingGuard';
import type { BuyNow } from './commands';
import { accepted, type Decision, noDetails, rejected } from './decision';
import type { AuctionRules } from './events';
import { buyNowAvailable } from './publicView';

/** Decides `BuyNow`: while available, closes the auction as sold to the buyer at the buy-it-now price. */
export const decideBuyNow = (command: BuyNow, state: AuctionState, now: number): Decision => {
  const { auctionId, buyerId } = command.data;
  const guard = biddingGuard(state, auctionId, now);
  if (guard !== null) return guard;
  // The guard has checked that the auction is open: its rules are there.
  const rules = state.rules as AuctionRules;
  if (buyerId === rules.sellerId)
    return rejected('SELLER_CANNOT_BID', 'The seller cannot buy their own item', noDetails());
  if (!buyNowAvailable(state))
    return rejected(
      'BUY_NOW_UNAVAILABLE',
      'Buy it now is not offered, or no longer available, on this auction',
      noDetails(),
    );
  const price = rules.buyNowPrice as number;
  return accepted([
    {
      type: 'AuctionClosed',
      data: { auctionId, at: now, outcome: 'sold', winnerId: buyerId, price, reason: 'buy-now' },
    },
  ]);
};
