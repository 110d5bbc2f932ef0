import type { AuctionState } from './auctionState';
import { biddingGuard } from './biddingGuard';
import type { PlaceBid, SetMaxBid } from './commands';
import { accepted, type Decision, rejected } from './decision';
import type { AuctionEvent, AuctionExtended, BidPlaced, MaxBidSet } from './events';
import { evolve } from './evolve';
import { minimumNextBid } from './publicView';

/** Decides a straight bid or a max bid, in the rulebook's order; see docs/rules.md. */
export const decideBid = (command: PlaceBid | SetMaxBid, state: AuctionState, now: number): Decision => {
  const { auctionId, bidderId } = command.data;
  const straight = command.type === 'PlaceBid';
  const amount = straight ? command.data.amount : command.data.maxAmount;
  const guard = biddingGuard(state, auctionId, now);
  if (guard !== null) return guard;
  const rules = state.rules;
  if (rules === null) return rejected('AUCTION_NOT_FOUND', `Auction '${auctionId}' does not exist`);
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return rejected(
      'INVALID_COMMAND',
      `Amount must be a positive safe integer in minor units, got ${amount}`,
    );
  if (amount > rules.maxAmount)
    return rejected(
      'INVALID_COMMAND',
      `Amount ${amount} is above this auction's maximum of ${rules.maxAmount}`,
    );
  if (bidderId === rules.sellerId)
    return rejected('SELLER_CANNOT_BID', 'The seller cannot bid on their own auction');
  const leader = state.leader;
  if (leader !== null && leader.bidderId === bidderId) {
    if (straight)
      return rejected(
        'ALREADY_LEADING',
        'You are already leading; raise your maximum instead of bidding again',
      );
    if (amount <= leader.max)
      return rejected('MAX_NOT_RAISED', 'A new maximum must be above your current maximum');
  } else {
    const minimum = minimumNextBid(state) as number;
    if (amount < minimum) return rejected('BID_TOO_LOW', `The minimum next bid is ${minimum}`);
  }

  const bidId = command.data.bidId ?? `${auctionId}#${state.bidCount + 1}`;
  const bid: BidPlaced | MaxBidSet = straight
    ? { type: 'BidPlaced', data: { auctionId, at: now, bidId, bidderId, amount } }
    : { type: 'MaxBidSet', data: { auctionId, at: now, bidId, bidderId, maxAmount: amount } };
  const extension = softCloseExtension(state, bid, now);
  const events: AuctionEvent[] = extension === null ? [bid] : [bid, extension];
  return accepted(events);
};

/**
 * Anti-sniping: a bid that changes the price or the leader within `windowMs` of the end moves the end
 * to `max(endsAt, now + extendMs)`, never past `maxEndsAt`. A silent raise extends nothing.
 */
const softCloseExtension = (
  before: AuctionState,
  bid: BidPlaced | MaxBidSet,
  now: number,
): AuctionExtended | null => {
  const policy = before.rules?.softClose;
  if (policy === undefined || before.endsAt - now > policy.windowMs) return null;
  const after = evolve(before, bid);
  const moved = before.price !== after.price || before.leader?.bidderId !== after.leader?.bidderId;
  if (!moved) return null;
  const wanted = Math.max(before.endsAt, now + policy.extendMs);
  const endsAt = policy.maxEndsAt === undefined ? wanted : Math.min(wanted, policy.maxEndsAt);
  if (endsAt <= before.endsAt) return null;
  return {
    type: 'AuctionExtended',
    data: { auctionId: before.auctionId as string, at: now, previousEndsAt: before.endsAt, endsAt },
  };
};
