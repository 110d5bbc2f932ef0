import { AUCTION_CATEGORY, type BidderMask, type EventStore, type RecordedEvent } from '@gavel/core';
import { advanceWatch } from './advanceWatch';
import type { AuctionFeedError } from './feedError';
import type { FeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';
import { readsSettled, readWatch } from './readWatch';
import { serveSubscription } from './serveSubscription';
import { createWatch } from './watch';
import { countWatches, createWatchTable, settleWatch, type WatchTable } from './watchTable';

/**
 * How a `subscribe` ended: `invalid` when the store refused the auction id (`INVALID_ARGUMENT`: the
 * client's error), `unavailable` when it failed otherwise.
 */
export type WatchOutcome = 'ok' | 'not-found' | 'invalid' | 'unavailable' | 'cancelled';

/** The watched auctions of one feed: each read once from its stream, then kept current from the store subscription. */
export interface AuctionWatches {
  /** Hands over one event of the feed's store subscription. */
  readonly deliver: (event: RecordedEvent) => void;
  /**
   * Starts a subscription: once the auction is read, sends its snapshot (or the changes after
   * `afterVersion`) and from then on every change.
   */
  readonly subscribe: (subscription: FeedSubscription, afterVersion?: number) => Promise<WatchOutcome>;
  /** Ends a subscription. */
  readonly unsubscribe: (subscription: FeedSubscription) => void;
  /** Stops retrying reads. */
  readonly close: () => void;
}

/** What the watches need. */
export interface AuctionWatchesContext {
  readonly store: EventStore;
  readonly mask: BidderMask;
  readonly resumeWindow: number;
  readonly maxIdleAuctions: number;
  readonly stats: FeedStats;
  /** Told of each failed read (`READ_FAILED`), but not of the store refusing a malformed id. */
  readonly onError: (error: AuctionFeedError) => void;
  /**
   * Resolves once the feed's subscription knows where it starts: no stream is read before, so that no
   * event falls between a snapshot and the subscription. Default: at once.
   */
  readonly ready?: Promise<unknown>;
}

const PREFIX = `${AUCTION_CATEGORY}-`;

/**
 * Creates the watched auctions of a feed. Their parts: {@link advanceWatch} folds and sends changes,
 * {@link readWatch} reads a stream (first, or to fill a gap), {@link serveSubscription} brings a new
 * subscriber up to date, and the {@link WatchTable} keeps the watched and idle auctions.
 */
export const createAuctionWatches = (context: AuctionWatchesContext): AuctionWatches => {
  const table = createWatchTable(context);
  const { watches, idle, stats } = table;

  return {
    deliver: (event) => {
      if (!event.streamName.startsWith(PREFIX)) return;
      const watch = watches.get(event.streamName.slice(PREFIX.length));
      if (watch === undefined) return;
      if (watch.reading !== null) {
        watch.held.push(event);
        return;
      }
      const current = watch.auction.version();
      if (event.streamVersion <= current) return;
      if (event.streamVersion === current + 1) return advanceWatch(watch, event, stats);
      // A gap (the subscription restarted, or it ran ahead of a read): read what is missing.
      watch.held.push(event);
      void readWatch(table, watch);
    },

    subscribe: async (subscription, afterVersion) => {
      const id = subscription.auctionId;
      let watch = watches.get(id);
      if (watch === undefined) {
        watch = createWatch(id, context.mask, context.resumeWindow);
        watches.set(id, watch);
        void readWatch(table, watch);
      }
      idle.delete(id);
      countWatches(table);
      watch.claims++;
      try {
        await readsSettled(watch);
        if (!subscription.active || table.closed) return 'cancelled';
        if (watch.failure !== null) return watch.failure;
        if (!watch.auction.exists()) return 'not-found';
        if (afterVersion !== undefined && afterVersion > watch.auction.version()) {
          // This instance may lag behind the store: read the stream before deciding the client is ahead.
          await readWatch(table, watch);
          await readsSettled(watch);
          if (!subscription.active || table.closed) return 'cancelled';
        }
        serveSubscription(watch, subscription, afterVersion, stats);
        watch.watchers.add(subscription);
        return 'ok';
      } finally {
        watch.claims--;
        settleWatch(table, watch);
        countWatches(table);
      }
    },

    unsubscribe: (subscription) => {
      subscription.active = false;
      const watch = watches.get(subscription.auctionId);
      if (watch?.watchers.delete(subscription) === true) settleWatch(table, watch);
    },

    close: () => {
      table.closed = true;
      table.closing.abort();
      watches.clear();
      idle.clear();
      countWatches(table);
    },
  };
};
