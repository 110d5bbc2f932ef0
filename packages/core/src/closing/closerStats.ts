import type { ProcessorStats } from '../processing/processorStats';
import type { LagSummary } from '../timing/lagHistogram';
import type { CloserContext } from './closerContext';

/** What {@link AuctionCloser.stats} reports. */
export interface AuctionCloserStats {
  /** Open auctions the closer tracks (waiting for their end, or being closed right now). */
  readonly openAuctions: number;
  /** `CloseAuction` commands being executed right now. */
  readonly closesInFlight: number;
  /** `CloseAuction` commands sent, retries included. */
  readonly closesSent: number;
  /** Closes sent by this closer that recorded an `AuctionClosed` (a close already made by another closer is not counted). */
  readonly closesRecorded: number;
  /** Closes sent again after a store failure or a contended write. */
  readonly retries: number;
  /** `NOT_ENDED` answers: an extension the closer had not seen yet; the auction waits for its new end. */
  readonly notEnded: number;
  /** Subscriptions started again after the store's subscription threw or ended. */
  readonly resubscriptions: number;
  /** True once the closer's partitions have caught up with the store. */
  readonly caughtUp: boolean;
  /** The global position the closer's processor has read up to. */
  readonly position: bigint;
  /** The partitions of auctions this process watches. */
  readonly partitionsOwned: readonly number[];
  /**
   * For the closes this closer recorded: the time from the auction's effective end to the moment the
   * service answered that the `AuctionClosed` was durably recorded, in ms.
   */
  readonly closeLag: LagSummary;
}

/** The stats of a closer from its context and its processor's stats. */
export const closerStatsOf = (ctx: CloserContext, processor: ProcessorStats): AuctionCloserStats => ({
  openAuctions: ctx.deadlines.size + ctx.inFlight.size,
  closesInFlight: ctx.inFlight.size,
  ...ctx.counts,
  caughtUp: ctx.caughtUp,
  position: processor.position,
  partitionsOwned: processor.partitionsOwned,
  closeLag: ctx.lag.summary(),
});
