/** What went wrong, for {@link AuctionCloserError}. */
export type AuctionCloserErrorCode =
  /** `execute(CloseAuction)` rejected (a store failure): the close is retried with backoff. */
  | 'CLOSE_FAILED'
  /** The service answered `CONFLICT_RETRY_EXHAUSTED`: the close is retried with backoff. */
  | 'CLOSE_CONTENDED'
  /** The service refused the close for good (`AUCTION_NOT_FOUND`, `INVALID_COMMAND`): the auction is dropped. */
  | 'CLOSE_REFUSED'
  /** The store's subscription threw or ended: the closer subscribes again from its last position. */
  | 'SUBSCRIPTION_FAILED'
  /**
   * The closer's processor met a failure (a lease, a checkpoint, a lost partition) and handles it by
   * retrying; `cause` is the processor's error.
   */
  | 'PROCESSOR_FAILED';

/** The fields of an {@link AuctionCloserError}. */
export interface AuctionCloserErrorData {
  readonly code: AuctionCloserErrorCode;
  /** A sentence for the log. */
  readonly message: string;
  /** The auction concerned, for the `CLOSE_*` codes. */
  readonly auctionId?: string;
  /** How many times in a row this has failed (1 for the first). */
  readonly attempt: number;
  /** When the closer tries again, in ms from now; absent when it does not. */
  readonly retryInMs?: number;
  /** The error thrown by the store or the service, or the service's rejection code. */
  readonly cause?: unknown;
}

/**
 * A failure the closer met and handled (by retrying, or by dropping one auction), reported to the
 * `onError` option: an `Error` with a `code`, never thrown at the caller.
 */
export class AuctionCloserError extends Error {
  /** What went wrong. */
  readonly code: AuctionCloserErrorCode;
  /** The auction concerned, for the `CLOSE_*` codes. */
  readonly auctionId?: string;
  /** How many times in a row this has failed (1 for the first). */
  readonly attempt: number;
  /** When the closer tries again, in ms from now; absent when it does not. */
  readonly retryInMs?: number;

  constructor(data: AuctionCloserErrorData) {
    super(data.message, 'cause' in data ? { cause: data.cause } : undefined);
    this.name = 'AuctionCloserError';
    this.code = data.code;
    if (data.auctionId !== undefined) this.auctionId = data.auctionId;
    this.attempt = data.attempt;
    if (data.retryInMs !== undefined) this.retryInMs = data.retryInMs;
  }
}

/** The default `onError`: one line on stderr, so that a failure is never silent. */
export const logCloserError = (error: AuctionCloserError): void => {
  console.error(`[gavel closer] ${error.code}: ${error.message}`);
};
