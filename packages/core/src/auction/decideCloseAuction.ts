import type { AuctionState } from './auctionState';
import { auctionNotFound } from './biddingGuard';
import type { CloseAuction } from './commands';
import { accepted, type Decision, rejected } from './decision';
import type { AuctionClosed } from './events';
import { instantText, quoteId } from './messageText';

/**
 * Decides `CloseAuction` once `now >= endsAt`: sold to the leader at the visible price when there is a
 * leader and the reserve (if any) is met, unsold otherwise. Closing a closed or cancelled auction
 * records nothing and is not an error.
 */
export const decideCloseAuction = (command: CloseAuction, state: AuctionState, now: number): Decision => {
  const { auctionId } = command.data;
  const rules = state.rules;
  // No rules: no AuctionOpened, the status is 'none'.
  if (rules === null || state.auctionId !== auctionId) return auctionNotFound(auctionId);
  if (state.status !== 'open') return accepted([]);
  if (now < state.endsAt)
    return rejected('NOT_ENDED', `Auction ${quoteId(auctionId)} ends at ${instantText(state.endsAt)}`, {
      endsAt: state.endsAt,
    });
  const leader = state.leader;
  let data: AuctionClosed['data'];
  if (leader === null) data = { auctionId, at: now, outcome: 'unsold', reason: 'no-bids' };
  else if (rules.reservePrice !== undefined && leader.max < rules.reservePrice)
    data = { auctionId, at: now, outcome: 'unsold', reason: 'reserve-not-met' };
  else
    data = { auctionId, at: now, outcome: 'sold', winnerId: leader.bidderId, price: state.price as number };
  return accepted([{ type: 'AuctionClosed', data }]);
};
