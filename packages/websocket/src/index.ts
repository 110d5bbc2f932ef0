// The public surface of @gavel/websocket, by name.

/**
 * @deprecated Import `maskBidderId` from `@gavel/core/node` (and `MASKED_ID_LENGTH` from `@gavel/core`):
 * the masking lives in core; these re-exports keep code written against earlier versions working.
 */
export { MASKED_ID_LENGTH } from '@gavel/core';
/** @deprecated Import it from `@gavel/core/node`. */
export { maskBidderId } from '@gavel/core/node';
export { type AuctionFeed, createAuctionFeed } from './createAuctionFeed';
export { type AuctionFeedError, type AuctionFeedErrorCode, logFeedError } from './feed/feedError';
export type { AuctionFeedOptions, FeedLimits } from './feed/feedOptions';
export type { FeedStats } from './feed/feedStats';
// The feed's fold of one auction and its resume, without a socket (a simulation drives it)
export { createWatchedAuction, type WatchedAuction } from './feed/watchedAuction';
export { MAX_AUCTION_ID_LENGTH } from './protocol/auctionId';
export {
  type ClientMessage,
  clientMessageSchema,
  type ParsedClientMessage,
  parseClientMessage,
} from './protocol/clientMessage';
export { FEED_CLOSE_CODES, type FeedCloseCode } from './protocol/closeCodes';
export type {
  ChangeMessage,
  ErrorMessage,
  FeedErrorCode,
  FeedNotification,
  NotificationMessage,
  ServerMessage,
  SnapshotMessage,
} from './protocol/serverMessage';
