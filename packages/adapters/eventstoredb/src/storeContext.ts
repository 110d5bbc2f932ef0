import { EventStoreError, type RetryPolicy, retryDelay, sleep } from '@gavel/core';
import { errorKind } from './client/errorKind';
import type { StoreClient } from './client/storeClient';

/** What the store's parts (reading, appending, subscribing, processors) share. */
export interface StoreContext {
  readonly client: StoreClient;
  /** The longest a call waits, retries included (ms). */
  readonly timeoutMs: number;
  /** Retries of a call, and the waits of subscription reconnects. */
  readonly retry: RetryPolicy;
  /** Aborted when the store closes. */
  readonly closed: AbortSignal;
  /** Throws `STORE_CLOSED` once the store is closed. */
  readonly ensureOpen: () => void;
  /**
   * Runs `call`, retrying after a leader change (at once: the client has already switched to the
   * leader) or a transient error (after a wait), up to `retry.maxAttempts` attempts. Safe for appends because a
   * retry carries the same event ids. `onRetry` is told before each retry.
   */
  readonly withRetry: <T>(call: () => Promise<T>, onRetry?: () => void) => Promise<T>;
}

/** Options of {@link createStoreContext}. */
export interface StoreContextOptions {
  readonly client: StoreClient;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly closed: AbortSignal;
}

/** The store's shared context over its client, its retry policy and its closing signal. */
export const createStoreContext = (options: StoreContextOptions): StoreContext => {
  const { client, timeoutMs, retry, closed } = options;

  const ensureOpen = (): void => {
    if (closed.aborted) throw new EventStoreError('STORE_CLOSED', 'the EventStoreDB event store is closed');
  };

  const withRetry = async <T>(call: () => Promise<T>, onRetry?: () => void): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const kind = errorKind(error);
        if (attempt + 1 >= retry.maxAttempts || (kind !== 'not-leader' && kind !== 'transient')) throw error;
        onRetry?.();
        if (kind === 'transient') await sleep(retryDelay(attempt + 1, retry), closed);
        ensureOpen();
      }
    }
  };

  return { client, timeoutMs, retry, closed, ensureOpen, withRetry };
};
