import type { AuctionState } from './auctionState';
import { biddingGuard } from './biddingGuard';
import type { PlaceBid, SetMaxBid } from './commands';
import { accepted, type Decision, noDetails, type Rejected, rejected } from './decision';
import type { AuctionExtended, AuctionRules, BidPlaced, MaxBidSet } from './events';
import { evolve } from './evolve';
import { moneyText } from './messageText';
import { priceOrLeaderMoved } from './priceOrLeaderMoved';
import { minimumNextBid } from './publicView';

/** A decision with the state right after its events (the state itself when there are none). */
export interface DecisionWithState {
  readonly decision: Decision;
  readonly state: AuctionState;
}

/**
 * Decides a straight bid or a max bid, in the rulebook's order; see docs/rules.md. A bid without a
 * `bidId` is recorded as `<auctionId>#<n>`, `n` being its number among the accepted bids.
 */
export const decideBid = (command: PlaceBid | SetMaxBid, state: AuctionState, now: number): Decision =>
  decideBidWithState(
    command,
    state,
    now,
    command.data.bidId ?? `${command.data.auctionId}#${state.bidCount + 1}`,
  ).decision;

/**
 * {@link decideBid} with the `bidId` to record given (the command service draws its own, once, at its
 * edge), returning the state after the bid's events too, so that no caller evolves them again.
 */
export const decideBidWithState = (
  command: PlaceBid | SetMaxBid,
  state: AuctionState,
  now: number,
  bidId: string,
): DecisionWithState => {
  const decided = decideBidEvents(command, state, now, bidId);
  return 'decision' in decided ? decided : { decision: decided, state };
};

const decideBidEvents = (
  command: PlaceBid | SetMaxBid,
  state: AuctionState,
  now: number,
  bidId: string,
): Rejected | DecisionWithState => {
  const { auctionId, bidderId } = command.data;
  const straight = command.type === 'PlaceBid';
  const amount = straight ? command.data.amount : command.data.maxAmount;
  const guard = biddingGuard(state, auctionId, now);
  if (guard !== null) return guard;
  // The guard has checked that the auction is open: its rules are there.
  const rules = state.rules as AuctionRules;
  const field = straight ? 'data.amount' : 'data.maxAmount';
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return rejected('INVALID_COMMAND', `${field} must be a positive safe integer of minor units`, { field });
  if (amount > rules.maxAmount)
    return rejected(
      'INVALID_COMMAND',
      `${field} is above this auction's largest amount, ${moneyText(rules.maxAmount, rules.currency)}`,
      { field, atMost: rules.maxAmount },
    );
  if (bidderId === rules.sellerId)
    return rejected('SELLER_CANNOT_BID', 'The seller cannot bid on their own auction', noDetails());
  const leader = state.leader;
  if (leader !== null && leader.bidderId === bidderId) {
    if (straight)
      return rejected(
        'ALREADY_LEADING',
        'You are already leading; raise your maximum instead of bidding again',
        noDetails(),
      );
    // Only the leader gets here: the max this message shows is their own.
    if (amount <= leader.max)
      return rejected(
        'MAX_NOT_RAISED',
        `A new maximum must be above your current maximum of ${moneyText(leader.max, rules.currency)}`,
        { currentMax: leader.max },
      );
  } else {
    const minimum = minimumNextBid(state) as number;
    if (amount < minimum)
      return rejected('BID_TOO_LOW', `The minimum next bid is ${moneyText(minimum, rules.currency)}`, {
        minimumNextBid: minimum,
      });
  }

  const bid: BidPlaced | MaxBidSet = straight
    ? { type: 'BidPlaced', data: { auctionId, at: now, bidId, bidderId, amount } }
    : { type: 'MaxBidSet', data: { auctionId, at: now, bidId, bidderId, maxAmount: amount } };
  const after = evolve(state, bid);
  const extension = softCloseExtension(state, after, now);
  if (extension === null) return { decision: accepted([bid]), state: after };
  return { decision: accepted([bid, extension]), state: evolve(after, extension) };
};

/**
 * Anti-sniping: a bid that changes the price or the leader within `windowMs` of the end moves the end
 * to `max(endsAt, now + extendMs)` (`from: 'bid'`, the default) or to `endsAt + extendMs`
 * (`from: 'end'`), never past `maxEndsAt`. A silent raise extends nothing. `after` is the state after
 * the bid.
 */
const softCloseExtension = (
  before: AuctionState,
  after: AuctionState,
  now: number,
): AuctionExtended | null => {
  const policy = before.rules?.softClose;
  if (policy === undefined || before.endsAt - now > policy.windowMs) return null;
  if (!priceOrLeaderMoved(before, after.price, after.leader)) return null;
  const wanted =
    policy.from === 'end' ? before.endsAt + policy.extendMs : Math.max(before.endsAt, now + policy.extendMs);
  const endsAt = policy.maxEndsAt === undefined ? wanted : Math.min(wanted, policy.maxEndsAt);
  if (endsAt <= before.endsAt) return null;
  return {
    type: 'AuctionExtended',
    data: { auctionId: before.auctionId as string, at: now, previousEndsAt: before.endsAt, endsAt },
  };
};
