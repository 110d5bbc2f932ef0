/** What went wrong, for {@link AuctionFeedError}. */
export type AuctionFeedErrorCode =
  /**
   * Reading an auction's stream failed. On the first read, the clients waiting for it were answered
   * `UNAVAILABLE` (their next `subscribe` reads again); when filling a gap, the read is retried with backoff.
   */
  | 'READ_FAILED'
  /** The feed's store subscription threw: it subscribes again from its last position, with backoff. */
  | 'SUBSCRIPTION_FAILED'
  /** Serving a `subscribe` threw for another reason than the store (a bug): the client was answered `UNAVAILABLE`. */
  | 'SUBSCRIBE_FAILED'
  /** The `authenticate` option threw: the connection stays anonymous (it receives no notification). */
  | 'AUTHENTICATE_FAILED';

/**
 * A failure the feed met and handled (by retrying, or by answering a client `UNAVAILABLE`), reported to
 * the `onError` option: errors as data, never thrown at the caller. A store's refusal of a malformed
 * auction id (`INVALID_ARGUMENT`) is the client's error, answered `INVALID_MESSAGE`, and not reported.
 */
export interface AuctionFeedError {
  readonly code: AuctionFeedErrorCode;
  /** A sentence for the log. */
  readonly message: string;
  /** The auction concerned, for `READ_FAILED` and `SUBSCRIBE_FAILED`. */
  readonly auctionId?: string;
  /** When the feed tries again, in ms from now; absent when it does not. */
  readonly retryInMs?: number;
  /** The error thrown (by the store: an `EventStoreError`). */
  readonly cause: unknown;
}

/** The default `onError`: one line on stderr, so that a failure is never silent. */
export const logFeedError = (error: AuctionFeedError): void => {
  console.error(`[gavel feed] ${error.code}: ${error.message}`);
};

/** The text of a thrown value, for an {@link AuctionFeedError}'s message. */
export const causeText = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
};
