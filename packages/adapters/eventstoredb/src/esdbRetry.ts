import { defaultProcessorRetry, type RetryPolicy } from '@gavel/core';

/**
 * The store's default `retry`: 4 attempts per call (3 retries after a leader change or a transient
 * error), waits of 100 ms doubling to 5 s with equal jitter (uniform in the upper half of each wait).
 * Subscriptions reconnect with the same waits, without end.
 */
export const defaultEventStoreDBRetry: RetryPolicy = Object.freeze({
  ...defaultProcessorRetry,
  maxAttempts: 4,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
});
