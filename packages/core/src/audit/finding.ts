import type { RejectionCode } from '../auction/decision';

/** Every kind of problem `verify` reports. */
export type FindingCode =
  /** The stream's versions do not run 1, 2, 3, … (an event deleted, or inserted out of place). */
  | 'VERSION_GAP'
  /** An event's `data.at` is before the previous event's. */
  | 'TIME_WENT_BACKWARDS'
  /** An event type this code does not know. */
  | 'UNKNOWN_EVENT_TYPE'
  /** A schema version (`metadata.schemaVersion`) this code has no upcaster for. */
  | 'UNKNOWN_SCHEMA_VERSION'
  /** An event whose data cannot be read at all. */
  | 'MALFORMED_EVENT'
  /** An event before the auction was opened. */
  | 'NOT_OPENED'
  /** An event of another auction. */
  | 'WRONG_AUCTION'
  /** An `AuctionOpened` the rules refuse or record differently (a second opening, invalid rules). */
  | 'OPEN_REJECTED'
  /** A bid accepted at or after the effective end. */
  | 'BID_AFTER_END'
  /** A bid accepted before the auction started. */
  | 'BID_BEFORE_START'
  /** A bid the rules reject (too low, by the seller, a straight bid by the leader, a max not raised, …). */
  | 'BID_REJECTED'
  /** An event recorded after the auction was closed or cancelled. */
  | 'EVENT_AFTER_CLOSE'
  /** A soft-close extension the rules did not call for. */
  | 'EXTENSION_NOT_CALLED_FOR'
  /** A bid that called for a soft-close extension was recorded without one. */
  | 'EXTENSION_MISSING'
  /** A soft-close extension to another end than the rules give. */
  | 'EXTENSION_WRONG'
  /** A close recorded before the effective end. */
  | 'CLOSE_BEFORE_END'
  /** A close whose outcome (sold/unsold) or reason differs from the rules' result. */
  | 'CLOSE_OUTCOME_MISMATCH'
  /** A close whose winner differs from the rules' result. */
  | 'CLOSE_WINNER_MISMATCH'
  /** A close whose price differs from the rules' result. */
  | 'CLOSE_PRICE_MISMATCH'
  /** A buy-it-now the rules refuse. */
  | 'BUY_NOW_REJECTED'
  /** A cancellation the rules refuse. */
  | 'CANCEL_REJECTED'
  /**
   * A retraction the rules refuse (a bidder with no bid, a bid too old to withdraw this close to the
   * end, an ended auction, an auction that allows none, a reason the rules do not know).
   */
  | 'RETRACTION_REJECTED'
  /**
   * A retraction the rules allow, recorded with another result than they give: its scope, the bids
   * it withdrew, the leader, the leader's offer, the runner-up max or the price.
   */
  | 'RETRACTION_MISMATCH';

/** One problem found in a stream. */
export interface Finding {
  readonly code: FindingCode;
  /** The stream version of the event concerned, when there is one. */
  readonly version?: number;
  /** What is wrong, in plain words (never a max above the price). */
  readonly message: string;
  /** The rejection code `decide` gave the recorded command, when the finding comes from one. */
  readonly rule?: RejectionCode;
}

/** What `verify` returns: `ok` exactly when there is no finding. */
export interface VerifyResult {
  readonly ok: boolean;
  readonly findings: readonly Finding[];
}
