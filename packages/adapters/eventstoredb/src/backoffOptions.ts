import type { Backoff } from '@gavel/core';

/** How long the store waits before retrying after a transient error: core's backoff, either field optional. */
export type BackoffOptions = Partial<Backoff>;

/** The store's default: 100 ms doubling to 5 s. */
export const ESDB_BACKOFF: Backoff = { initialDelayMs: 100, maxDelayMs: 5_000 };
