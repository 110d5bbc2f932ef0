/**
 * The close codes the feed uses. A client should reconnect (with `afterVersion`) after any of them
 * except a deliberate close of its own.
 */
export const FEED_CLOSE_CODES = Object.freeze({
  /** The server is shutting down (`feed.close()`). */
  GOING_AWAY: 1001,
  /** A frame over the size limit (64 KiB by default); sent by `ws` itself. */
  MESSAGE_TOO_BIG: 1009,
  /** The client read too slowly: its send buffer passed `maxBufferedBytes`. */
  SLOW_CONSUMER: 4008,
} as const);

/** One of {@link FEED_CLOSE_CODES}. */
export type FeedCloseCode = (typeof FEED_CLOSE_CODES)[keyof typeof FEED_CLOSE_CODES];
