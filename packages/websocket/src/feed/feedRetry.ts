import { defaultProcessorRetry, type RetryPolicy } from '@gavel/core';

/**
 * The feed's retries (its store subscription, reading the store's end, filling a watched auction's
 * gap): 50 ms doubling to 5 s, equal jitter, until it succeeds or the feed closes.
 */
export const FEED_RETRY: RetryPolicy = Object.freeze({
  ...defaultProcessorRetry,
  initialDelayMs: 50,
  maxDelayMs: 5_000,
});
