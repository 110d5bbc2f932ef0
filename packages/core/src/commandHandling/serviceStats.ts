/** Counters of an auction service, for benchmarks and metrics. */
export interface ServiceStats {
  /** Calls to `execute`. */
  commands: number;
  /** Appends tried, successful or not. */
  appends: number;
  /** Successful writes (each carrying one batch). */
  batches: number;
  /** Commands carried by successful writes. */
  batchedCommands: number;
  /** The largest batch written. */
  maxBatchSize: number;
  /** Appends refused with a version conflict (or found already recorded), each followed by a re-decide. */
  conflicts: number;
  /** Commands answered `CONFLICT_RETRY_EXHAUSTED`. */
  exhausted: number;
  /** Bids asked of the store because the auction's bid window no longer reached back far enough. */
  bidLookups: number;
  /**
   * Whole-stream reads made to give a `RetractBid` its auction's offers: one per cached auction, at
   * its first retraction (the offers are kept up to date afterwards).
   */
  offerReads: number;
}

/** All counters at zero. */
export const emptyServiceStats = (): ServiceStats => ({
  commands: 0,
  appends: 0,
  batches: 0,
  batchedCommands: 0,
  maxBatchSize: 0,
  conflicts: 0,
  exhausted: 0,
  bidLookups: 0,
  offerReads: 0,
});
