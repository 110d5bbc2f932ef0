// The closer: ends auctions when their time is up (see docs/closing.md).

export { type CloserBackoff, defaultCloserBackoff } from './closerBackoff';
export {
  type CloserCheckpoint,
  type CloserCheckpointStore,
  closerCheckpointFromJson,
  closerCheckpointToJson,
} from './closerCheckpoint';
export { type AuctionCloserError, type AuctionCloserErrorCode, logCloserError } from './closerError';
export type { AuctionCloserStats } from './closerStats';
export { type AuctionCloser, type AuctionCloserOptions, createAuctionCloser } from './createAuctionCloser';
export type { LagSummary } from './lagHistogram';
export { MAX_TIMER_DELAY_MS, type ScheduledHandle, type Scheduler, systemScheduler } from './scheduler';
