import { readAuctionEvents, retryDelay, sleep } from '@gavel/core';
import { advanceWatch, applyHeldEvents } from './advanceWatch';
import { FEED_RETRY } from './feedRetry';
import { readFailed, readFailureOf } from './readFailure';
import type { Watch } from './watch';
import { forgetWatch, type WatchTable } from './watchTable';

/**
 * Reads the stream after the folded version until no gap remains; retries store errors with backoff.
 * A first read that fails forgets the watch instead. One read at a time per watch: a call during a
 * read returns that read.
 */
export const readWatch = (table: WatchTable, watch: Watch): Promise<void> => {
  if (watch.reading !== null) return watch.reading;
  watch.reading = (async () => {
    let attempt = 0;
    await table.ready;
    while (!table.closed && table.watches.get(watch.auction.auctionId) === watch) {
      try {
        const { events } = await readAuctionEvents(table.store, watch.auction.auctionId, {
          fromVersion: watch.auction.version(),
        });
        for (const event of events)
          if (event.streamVersion === watch.auction.version() + 1) advanceWatch(watch, event, table.stats);
        watch.loaded = true;
        if (!applyHeldEvents(watch, table.stats)) break;
      } catch (error) {
        // A first read that fails: the waiting subscribers are told; the next subscribe reads again.
        if (!watch.loaded) watch.failure = readFailureOf(error);
        const retryInMs = retryDelay(++attempt, FEED_RETRY);
        if (watch.failure !== 'invalid') {
          table.stats.storeErrors++;
          table.onError(readFailed(watch.auction.auctionId, error, watch.loaded ? retryInMs : undefined));
        }
        if (!watch.loaded) {
          forgetWatch(table, watch);
          break;
        }
        await sleep(retryInMs, table.closing.signal);
      }
    }
    watch.reading = null;
  })();
  return watch.reading;
};

/** Resolves once no read of `watch` is in progress (a read may start another). */
export const readsSettled = async (watch: Watch): Promise<void> => {
  while (watch.reading !== null) await watch.reading;
};
