import type { AuctionService } from '../commandHandling/createAuctionService';
import type { LagHistogram } from '../timing/lagHistogram';
import type { InFlightClose } from './applyAuctionEvent';
import type { AuctionDeadlines } from './auctionDeadlines';
import type { AuctionCloserErrorData } from './closerError';

/** The counters of a closer's closes, as {@link AuctionCloserStats} reports them. */
export interface CloseCounts {
  closesSent: number;
  closesRecorded: number;
  retries: number;
  notEnded: number;
  resubscriptions: number;
}

/** What the parts of one closer share: its settings, its auctions and its counters. */
export interface CloserContext {
  readonly service: Pick<AuctionService, 'execute'>;
  readonly clock: () => number;
  readonly maxConcurrent: number;
  /** The wait before the `attempt`-th retry of a close, in ms. */
  readonly retryDelay: (attempt: number) => number;
  /** Tells `onError` (as an `AuctionCloserError`); a throwing `onError` does not stop the closer. */
  readonly report: (error: AuctionCloserErrorData) => void;
  /** Aborted by `stop()`. */
  readonly signal: AbortSignal;
  /** The open auctions waiting for their end (or a retry time). */
  readonly deadlines: AuctionDeadlines;
  /** The auctions whose `CloseAuction` is being executed. */
  readonly inFlight: Map<string, InFlightClose>;
  /** Consecutive failures of the auctions being retried (only those). */
  readonly failures: Map<string, number>;
  /** From an auction's effective end to its recorded close. */
  readonly lag: LagHistogram;
  readonly counts: CloseCounts;
  /** True once the processor has caught up: no close is sent before. */
  caughtUp: boolean;
  /** Set by `stop()` while closes are in flight: called when the last one settles. */
  settled: (() => void) | undefined;
}

/** Counters at zero. */
export const emptyCloseCounts = (): CloseCounts => ({
  closesSent: 0,
  closesRecorded: 0,
  retries: 0,
  notEnded: 0,
  resubscriptions: 0,
});
