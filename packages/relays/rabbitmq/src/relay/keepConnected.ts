import { retryDelay, sleep } from '@gavel/core';
import { type RelayContext, recordFailure } from './relayContext';

/**
 * Opens the relay's connection, and opens it again with the relay's backoff until it succeeds (or the
 * relay stops), so that `stats()` tells when the broker is back even while there is nothing to publish.
 * Called at `start()` and whenever an open connection is lost. Batches do not wait for it: each one
 * opens the connection itself when there is none (the processor retries them with the same backoff).
 */
export const keepConnected = (context: RelayContext): (() => void) => {
  let running = false;
  const signal = context.stopping.signal;
  const loop = async (): Promise<void> => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      if (attempt > 0) await sleep(retryDelay(attempt, context.retry), signal);
      if (signal.aborted) return;
      try {
        await context.link.session();
        context.lastError = undefined;
        return;
      } catch (error) {
        recordFailure(context, error);
      }
    }
  };
  return () => {
    if (running || signal.aborted) return;
    running = true;
    void loop().finally(() => {
      running = false;
    });
  };
};
