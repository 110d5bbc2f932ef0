import type { ExecuteRejectionCode } from '@gavel/core';

/** The codes the HTTP layer adds to the engine's rejection codes. */
export type HttpErrorCode =
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** Every code an error body of the API can carry. */
export type ApiErrorCode = ExecuteRejectionCode | HttpErrorCode;

/**
 * The one table from error code to HTTP status (documented in `docs/http-api.md`). It is typed over
 * every rejection code of `@gavel/core`, so a new code does not compile until it has a status here.
 */
export const statusOfCode: Readonly<Record<ApiErrorCode, number>> = Object.freeze({
  // The engine's rejections
  INVALID_COMMAND: 400,
  SELLER_CANNOT_BID: 403,
  CANCEL_NOT_ALLOWED: 403,
  AUCTION_NOT_FOUND: 404,
  AUCTION_ALREADY_EXISTS: 409,
  AUCTION_NOT_STARTED: 409,
  AUCTION_ENDED: 409,
  AUCTION_CLOSED: 409,
  BID_TOO_LOW: 409,
  ALREADY_LEADING: 409,
  MAX_NOT_RAISED: 409,
  BUY_NOW_UNAVAILABLE: 409,
  NOT_ENDED: 409,
  RETRACTION_NOT_ALLOWED: 409,
  CONFLICT_RETRY_EXHAUSTED: 409,
  // The HTTP layer's own
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  STORE_UNAVAILABLE: 503,
});

/** The status of a code; codes unknown to the table (none, by its type) answer 409. */
export const statusOf = (code: string): number => statusOfCode[code as ApiErrorCode] ?? 409;
