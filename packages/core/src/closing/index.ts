// The closer: ends auctions when their time is up (see docs/closing.md).

export type { LagSummary } from '../timing/lagHistogram';
export {
  AuctionCloserError,
  type AuctionCloserErrorCode,
  type AuctionCloserErrorData,
  logCloserError,
} from './closerError';
export type { AuctionCloserStats } from './closerStats';
export { type AuctionCloser, type AuctionCloserOptions, createAuctionCloser } from './createAuctionCloser';
