import { isEventStoreError } from '@gavel/core';
import { type AuctionFeedError, causeText } from './feedError';

/**
 * Why a first read failed: `invalid` when the store refused it as malformed (`INVALID_ARGUMENT`, matched
 * by code: the auction id, not the store, is at fault), `unavailable` for any other failure.
 */
export type ReadFailure = 'invalid' | 'unavailable';

/** The {@link ReadFailure} of an error thrown by a read. */
export const readFailureOf = (error: unknown): ReadFailure =>
  isEventStoreError(error) && error.code === 'INVALID_ARGUMENT' ? 'invalid' : 'unavailable';

/** The report of a failed read: a first one (answered UNAVAILABLE), or one filling a gap (retried). */
export const readFailed = (
  auctionId: string,
  error: unknown,
  retryInMs: number | undefined,
): AuctionFeedError => {
  const what = `reading auction '${auctionId}'`;
  const text = causeText(error);
  return retryInMs === undefined
    ? {
        code: 'READ_FAILED',
        message: `${what} failed (${text}); answered UNAVAILABLE`,
        auctionId,
        cause: error,
      }
    : {
        code: 'READ_FAILED',
        message: `${what} to fill a gap failed (${text}); reading again in ${retryInMs} ms`,
        auctionId,
        retryInMs,
        cause: error,
      };
};
