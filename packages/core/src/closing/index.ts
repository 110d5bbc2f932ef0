// The closer: ends auctions when their time is up (see docs/closing.md).

export type { LagSummary } from '../timing/lagHistogram';
export { type AuctionCloserError, type AuctionCloserErrorCode, logCloserError } from './closerError';
export type { AuctionCloserStats } from './closerStats';
export { type AuctionCloser, type AuctionCloserOptions, createAuctionCloser } from './createAuctionCloser';
