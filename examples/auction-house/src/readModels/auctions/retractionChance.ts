import {
  type AuctionOffers,
  type AuctionState,
  type RetractionScope,
  retractionPolicyOf,
  retractionScope,
} from '@gavel/core';

/** Whether a user may retract a bid now, as the auction's page tells them. */
export interface RetractionChance {
  /** What a retraction now would withdraw: all their bids (`'all'`), their latest (`'latest'`), or null: none. */
  readonly scope: RetractionScope | null;
  /**
   * When `scope` stops holding by the clock alone (epoch ms): for `'all'`, when the auction enters its
   * last `fullBeforeEndMs`; for `'latest'`, when that bid turns `latestWithinMs` old, or the end if
   * sooner. Null with no scope. A bid, a retraction or an extension may change it earlier.
   */
  readonly until: number | null;
}

const NONE: RetractionChance = { scope: null, until: null };

/**
 * Whether `userId` may retract at `now`, judged by the engine (`retractionScope`) on the auction's
 * offers. Reading the offers costs the whole stream (O(events)), so `loadOffers` is called only when
 * the cheap facts of `state` leave the answer open: the user holds an offer (`holdsOffer`), the auction
 * is open and before its end, and its rules allow retraction. The answer is then judged on the offers'
 * own state, the one they were read with.
 */
export const retractionChance = async (
  state: AuctionState,
  userId: string,
  holdsOffer: boolean,
  now: number,
  loadOffers: () => Promise<AuctionOffers>,
): Promise<RetractionChance> => {
  const { rules } = state;
  if (!holdsOffer || rules === null || state.status !== 'open' || now >= state.endsAt) return NONE;
  const policy = retractionPolicyOf(rules);
  if (policy === null) return NONE;
  const offers = await loadOffers();
  const scope = retractionScope(offers.state, offers, userId, now);
  if (scope === null) return NONE;
  const { endsAt } = offers.state;
  if (scope === 'all') return { scope, until: endsAt - policy.fullBeforeEndMs };
  const latestAt = offers.latestBids.get(userId)?.at ?? now;
  return { scope, until: Math.min(latestAt + policy.latestWithinMs, endsAt) };
};
