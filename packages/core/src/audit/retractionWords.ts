import type { RetractionReason, RetractionScope } from '../auction/events';

const REASON_WORDS: Readonly<Record<RetractionReason, string>> = {
  typo: 'a typing mistake',
  'description-changed': 'the description changed',
  'seller-unreachable': 'the seller cannot be reached',
};

/** A retraction's reason in words ("a typing mistake"); a reason the rules do not know, as recorded. */
export const retractionReasonWords = (reason: string): string =>
  REASON_WORDS[reason as RetractionReason] ?? reason;

/** What a retraction withdrew, in words: "their latest bid", "their only bid", "all 3 of their bids". */
export const withdrawnWords = (scope: RetractionScope, withdrawn: number): string =>
  scope === 'latest'
    ? 'their latest bid'
    : withdrawn === 1
      ? 'their only bid'
      : `all ${withdrawn} of their bids`;
