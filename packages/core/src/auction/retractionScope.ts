import type { AuctionOffers, StandingBid } from './auctionOffers';
import type { AuctionState } from './auctionState';
import type { RetractionRefusal } from './decision';
import type { AuctionRules, RetractionPolicy, RetractionScope } from './events';
import { retractionPolicyOf } from './retractionPolicy';

/**
 * The retraction policy of an auction that takes a retraction at `now`, or why it takes none: closed
 * or cancelled (`'closed'`), ended (`'ended'`, at or after the effective end, closed or not), opened
 * with `retraction: null` (`'forbidden'`). `rules` are the state's (the auction exists).
 */
export const retractionPolicyAt = (
  state: AuctionState,
  rules: AuctionRules,
  now: number,
): RetractionPolicy | Extract<RetractionRefusal, 'closed' | 'ended' | 'forbidden'> => {
  if (state.status !== 'open') return 'closed';
  if (now >= state.endsAt) return 'ended';
  return retractionPolicyOf(rules) ?? 'forbidden';
};

/**
 * The windows of the rules for a bidder whose latest standing bid is `latest`: with more than
 * `fullBeforeEndMs` left, `'all'`; else `'latest'` while that bid is less than `latestWithinMs` old
 * (`now - at < latestWithinMs`); else `'too-late'`. `'no-offer'` without a standing bid.
 */
export const retractionWindow = (
  policy: RetractionPolicy,
  endsAt: number,
  latest: StandingBid | undefined,
  now: number,
): RetractionScope | Extract<RetractionRefusal, 'no-offer' | 'too-late'> => {
  if (latest === undefined) return 'no-offer';
  if (endsAt - now > policy.fullBeforeEndMs) return 'all';
  return now - latest.at < policy.latestWithinMs ? 'latest' : 'too-late';
};

/**
 * What a `RetractBid` by `bidderId` at `now` would withdraw: `'all'` their bids, their `'latest'` bid,
 * or null when the rules refuse it (no such auction, closed or ended, retraction forbidden, no offer,
 * too late). For a page that shows a "retract my bid" control only when it can work. `offers` must be
 * those of `state` (`auctionOffers` of the same events).
 */
export const retractionScope = (
  state: AuctionState,
  offers: AuctionOffers,
  bidderId: string,
  now: number,
): RetractionScope | null => {
  if (state.rules === null) return null;
  const policy = retractionPolicyAt(state, state.rules, now);
  if (typeof policy === 'string') return null;
  const window = retractionWindow(policy, state.endsAt, offers.latestBids.get(bidderId), now);
  return window === 'all' || window === 'latest' ? window : null;
};
