import type { RejectionCode, RejectionDetails } from '../auction/decision';
import type { AuctionEvent } from '../auction/events';
import type { PublicView } from '../auction/publicView';

/** Every code a rejected {@link ExecuteResult} can carry: the decider's, and the service's own. */
export type ExecuteRejectionCode = RejectionCode | 'CONFLICT_RETRY_EXHAUSTED';

/** The command was accepted and its events are durably in the auction's stream. */
export interface ExecuteAccepted {
  readonly ok: true;
  /** The events that record the command (for a duplicate, the ones recorded the first time). */
  readonly events: readonly AuctionEvent[];
  /** The public view right after this command's own events (for a duplicate, the current view). */
  readonly view: PublicView;
  /** The stream's version after the write that carried the command. */
  readonly version: number;
  /** True when the command's `bidId` was already recorded: nothing was written again. */
  readonly duplicate?: true;
}

/** The command was rejected: nothing was recorded for it. */
export interface ExecuteRejected {
  readonly ok: false;
  readonly code: ExecuteRejectionCode;
  readonly message: string;
  /** The decider's data for its `code` (see `RejectionDetailsByCode`); absent for the service's own codes. */
  readonly details?: RejectionDetails;
  /** The public view the command was judged against, when the auction exists. */
  readonly view?: PublicView;
  /** The stream's version when the answer was given, when the stream was read. */
  readonly version?: number;
}

/** What `execute` answers: the decision, the new public view and the stream version. */
export type ExecuteResult = ExecuteAccepted | ExecuteRejected;
