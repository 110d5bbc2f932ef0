/** The error a rate limit throws: the error handler answers it 429 `RATE_LIMITED` with its message. */
export interface RateLimitedError extends Error {
  readonly statusCode: 429;
}

/** Builds a {@link RateLimitedError}; `message` says which limit, e.g. "at most 30 sign-ins a minute". */
export const rateLimitedError = (message: string): RateLimitedError =>
  Object.assign(new Error(message), { statusCode: 429 as const });

/** "in 42 s" or "in 3 min": when a refused client may try again. */
export const retryIn = (ttlMs: number): string => {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return seconds < 120 ? `in ${seconds} s` : `in ${Math.ceil(seconds / 60)} min`;
};
