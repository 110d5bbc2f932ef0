/** How the service retries a batch after a version conflict. */
export interface RetryOptions {
  /** Appends tried per batch, the first included, before answering `CONFLICT_RETRY_EXHAUSTED`. */
  readonly maxAttempts: number;
  /** The backoff before the n-th retry is drawn uniformly from `[0, min(maxDelayMs, baseDelayMs · 2^(n-1))]`. */
  readonly baseDelayMs: number;
  /** The cap of one backoff. */
  readonly maxDelayMs: number;
}

/** The default retry policy: 10 attempts, full jitter from 1 ms up to 50 ms. */
export const defaultRetryOptions: RetryOptions = Object.freeze({
  maxAttempts: 10,
  baseDelayMs: 1,
  maxDelayMs: 50,
});

/** Checks a retry policy; returns a message naming the first wrong field, or null. */
export const retryOptionsError = (retry: RetryOptions): string | null => {
  if (!Number.isSafeInteger(retry.maxAttempts) || retry.maxAttempts < 1)
    return 'retry.maxAttempts must be a positive integer';
  if (!(Number.isFinite(retry.baseDelayMs) && retry.baseDelayMs >= 0))
    return 'retry.baseDelayMs must be a non-negative number';
  if (!(Number.isFinite(retry.maxDelayMs) && retry.maxDelayMs >= 0))
    return 'retry.maxDelayMs must be a non-negative number';
  return null;
};

/** The jittered backoff before retry number `retry` (1 for the first retry), in ms. */
export const backoffDelay = (
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
};
