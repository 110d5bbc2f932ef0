import type { AuctionOffers, StandingBid } from './auctionOffers';
import type { AuctionState, Offer } from './auctionState';
import { auctionNotFound } from './biddingGuard';
import type { RetractBid } from './commands';
import { accepted, type Decision, type RetractionRefusal, rejected } from './decision';
import type { AuctionRules, BidRetracted, RetractionReason } from './events';
import { quoteId } from './messageText';
import { retractionPolicyAt, retractionWindow } from './retractionScope';
import { visiblePrice } from './visiblePrice';

const REASONS: ReadonlySet<string> = new Set<RetractionReason>([
  'typo',
  'description-changed',
  'seller-unreachable',
]);

const refusalText = (refusal: RetractionRefusal, auctionId: string): string => {
  const auction = `auction ${quoteId(auctionId)}`;
  switch (refusal) {
    case 'closed':
      return `Bids on ${auction} can no longer be retracted: it is closed`;
    case 'ended':
      return `Bids on ${auction} can no longer be retracted: it has ended`;
    case 'forbidden':
      return `Bids on ${auction} cannot be retracted: its rules allow no retraction`;
    case 'no-offer':
      return `You hold no bid on ${auction} to retract`;
    case 'too-late':
      return `Your latest bid on ${auction} is too old to retract this close to the end`;
  }
};

const refused = (refusal: RetractionRefusal, auctionId: string) =>
  rejected('RETRACTION_NOT_ALLOWED', refusalText(refusal, auctionId), { reason: refusal });

/** True when `offers` were folded from the events `state` was (compared on what the state holds). */
const offersOfState = (offers: AuctionOffers, state: AuctionState): boolean => {
  const held = offers.state;
  const a = held.leader;
  const b = state.leader;
  return (
    held.auctionId === state.auctionId &&
    held.status === state.status &&
    held.bidCount === state.bidCount &&
    held.visibleBidCount === state.visibleBidCount &&
    held.endsAt === state.endsAt &&
    held.price === state.price &&
    held.runnerUpMax === state.runnerUpMax &&
    (a === b ||
      (a !== null &&
        b !== null &&
        a.bidderId === b.bidderId &&
        a.bidId === b.bidId &&
        a.max === b.max &&
        a.floor === b.floor &&
        a.seq === b.seq))
  );
};

/**
 * The leader and the runner-up max that the offers give once `bidderId`'s offer is that of
 * `replacement` (null: none): the highest max leads, the earlier offer (lower `seq`) between equal
 * maxes. O(bidders).
 */
const rankOffers = (
  latestBids: ReadonlyMap<string, StandingBid>,
  bidderId: string,
  replacement: StandingBid | null,
): { readonly leader: Offer | null; readonly runnerUpMax: number | null } => {
  let leader: Offer | null = null;
  let runnerUpMax: number | null = null;
  for (const [id, latest] of latestBids) {
    const standing = id === bidderId ? replacement : latest;
    if (standing === null) continue;
    const offer = standing.offer;
    if (leader === null) {
      leader = offer;
    } else if (offer.max > leader.max || (offer.max === leader.max && offer.seq < leader.seq)) {
      runnerUpMax = runnerUpMax === null ? leader.max : Math.max(runnerUpMax, leader.max);
      leader = offer;
    } else {
      runnerUpMax = runnerUpMax === null ? offer.max : Math.max(runnerUpMax, offer.max);
    }
  }
  return { leader, runnerUpMax };
};

const countStanding = (latest: StandingBid): number => {
  let count = 0;
  for (let bid: StandingBid | null = latest; bid !== null; bid = bid.previous) count++;
  return count;
};

/**
 * Decides `RetractBid`, in this order: a known reason (`INVALID_COMMAND` on `data.reason`), the
 * auction exists (`AUCTION_NOT_FOUND`), it takes retractions now (`RETRACTION_NOT_ALLOWED`: closed,
 * ended, forbidden), the offers are given and are the state's (`INVALID_COMMAND` on `offers`), the
 * bidder holds an offer and the windows allow it (`RETRACTION_NOT_ALLOWED`: no offer, too late).
 * Accepted, it records `BidRetracted` with the leader, runner-up max and price that the remaining
 * offers give, each keeping its original time. It never moves the end.
 */
export const decideRetractBid = (
  command: RetractBid,
  state: AuctionState,
  now: number,
  offers: AuctionOffers | undefined,
): Decision => {
  const { auctionId, bidderId, reason } = command.data;
  if (!REASONS.has(reason))
    return rejected(
      'INVALID_COMMAND',
      "data.reason must be 'typo', 'description-changed' or 'seller-unreachable'",
      { field: 'data.reason' },
    );
  if (state.rules === null || state.auctionId !== auctionId) return auctionNotFound(auctionId);
  const rules: AuctionRules = state.rules;
  const policy = retractionPolicyAt(state, rules, now);
  if (typeof policy === 'string') return refused(policy, auctionId);
  if (offers === undefined)
    return rejected(
      'INVALID_COMMAND',
      "offers are required to decide RetractBid: pass the auction's offers (auctionOffers of its events) as decide's fourth argument",
      { field: 'offers' },
    );
  if (!offersOfState(offers, state))
    return rejected('INVALID_COMMAND', 'offers must be folded from the same events as the state', {
      field: 'offers',
    });
  const latest = offers.latestBids.get(bidderId);
  const scope = retractionWindow(policy, state.endsAt, latest, now);
  if (scope !== 'all' && scope !== 'latest') return refused(scope, auctionId);
  // The window is a scope only for a bidder with a standing bid.
  const withdrawn = latest as StandingBid;
  const { leader, runnerUpMax } = rankOffers(
    offers.latestBids,
    bidderId,
    scope === 'all' ? null : withdrawn.previous,
  );
  const event: BidRetracted = {
    type: 'BidRetracted',
    data: {
      auctionId,
      at: now,
      bidderId,
      reason,
      scope,
      bidId: withdrawn.bidId,
      withdrawn: scope === 'all' ? countStanding(withdrawn) : 1,
      leaderId: leader === null ? null : leader.bidderId,
      // A copy in the state's key order: the event holds plain data of its own.
      leader:
        leader === null
          ? null
          : {
              bidderId: leader.bidderId,
              bidId: leader.bidId,
              max: leader.max,
              floor: leader.floor,
              seq: leader.seq,
            },
      runnerUpMax,
      price: visiblePrice(rules, leader, runnerUpMax),
    },
  };
  return accepted([event]);
};
