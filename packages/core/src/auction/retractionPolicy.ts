import type { AuctionRules, RetractionPolicy } from './events';

/**
 * The retraction policy of an auction whose `AuctionOpened` has no `retraction` field (every auction
 * opened without one, including those recorded before retraction existed): eBay's windows, all bids
 * with more than 12 hours left, the latest bid within 1 hour of it after that. This meaning of an
 * absent field is part of the event schema and never changes: a different default would be recorded
 * in full in each new `AuctionOpened`.
 */
export const DEFAULT_RETRACTION_POLICY: RetractionPolicy = Object.freeze({
  fullBeforeEndMs: 43_200_000,
  latestWithinMs: 3_600_000,
});

/**
 * The retraction policy an auction was opened with: its `retraction` field, or
 * {@link DEFAULT_RETRACTION_POLICY} when the field is absent.
 * @returns null when the auction allows no retraction.
 */
export const retractionPolicyOf = (rules: AuctionRules): RetractionPolicy | null =>
  rules.retraction === undefined ? DEFAULT_RETRACTION_POLICY : rules.retraction;
