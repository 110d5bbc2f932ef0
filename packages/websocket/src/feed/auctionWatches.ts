import {
  AUCTION_CATEGORY,
  type BidderMask,
  backoffDelay,
  type EventStore,
  type RecordedEvent,
  readAuctionEvents,
  sleep,
} from '@gavel/core';
import type { AuctionFeedError } from './feedError';
import type { FeedStats } from './feedStats';
import type { FeedSubscription } from './feedSubscription';
import { type ReadFailure, readFailed, readFailureOf } from './readFailure';
import { createWatchedAuction, type WatchedAuction } from './watchedAuction';

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

interface Watch {
  readonly auction: WatchedAuction;
  readonly watchers: Set<FeedSubscription>;
  /** The read in progress (the first one, or one filling a gap); live events wait in `pending` meanwhile. */
  reading: Promise<void> | null;
  pending: RecordedEvent[];
  /** Subscribes waiting for a read. */
  claims: number;
  loaded: boolean;
  /** Set when the first read failed: the watch is forgotten, and its waiting subscribers told why. */
  failure: ReadFailure | null;
}

const PREFIX = `${AUCTION_CATEGORY}-`;
/** A read of a watched auction that failed is tried again after this backoff. */
const READ_BACKOFF = { initialMs: 50, maxMs: 5_000 };

/** Creates the watched auctions of a feed. */
export const createAuctionWatches = (context: AuctionWatchesContext): AuctionWatches => {
  const { store, mask, resumeWindow, maxIdleAuctions, stats, onError } = context;
  const watches = new Map<string, Watch>();
  /** Watches without watchers, least recently left first. */
  const idle = new Map<string, Watch>();
  let closed = false;
  /** Ends the waits between read retries at close. */
  const closing = new AbortController();

  const count = (): void => {
    stats.idleAuctions = idle.size;
    stats.watchedAuctions = watches.size - idle.size;
  };

  const advance = (watch: Watch, event: RecordedEvent): void => {
    const frame = watch.auction.apply(event);
    if (frame === null) return;
    stats.changesSerialized++;
    const version = event.streamVersion;
    for (const subscription of watch.watchers) {
      if (subscription.cursor >= version) continue;
      subscription.cursor = version;
      subscription.send(frame);
    }
  };

  /** Applies what follows the folded version; keeps the rest. @returns true when a gap remains. */
  const drain = (watch: Watch): boolean => {
    const pending = watch.pending;
    watch.pending = [];
    for (let i = 0; i < pending.length; i++) {
      const event = pending[i] as RecordedEvent;
      const current = watch.auction.version();
      if (event.streamVersion <= current) continue;
      if (event.streamVersion === current + 1) advance(watch, event);
      else {
        watch.pending = pending.slice(i);
        return true;
      }
    }
    return false;
  };

  const forget = (watch: Watch): void => {
    const id = watch.auction.auctionId;
    if (watches.get(id) === watch) watches.delete(id);
    idle.delete(id);
    count();
  };

  /** Reads the stream after the folded version until no gap remains; retries store errors with backoff. */
  const read = (watch: Watch): Promise<void> => {
    if (watch.reading !== null) return watch.reading;
    watch.reading = (async () => {
      let attempt = 0;
      await context.ready;
      while (!closed && watches.get(watch.auction.auctionId) === watch) {
        try {
          const { events } = await readAuctionEvents(store, watch.auction.auctionId, {
            fromVersion: watch.auction.version(),
          });
          for (const event of events)
            if (event.streamVersion === watch.auction.version() + 1) advance(watch, event);
          watch.loaded = true;
          if (!drain(watch)) break;
        } catch (error) {
          // A first read that fails: the waiting subscribers are told; the next subscribe reads again.
          if (!watch.loaded) watch.failure = readFailureOf(error);
          const retryInMs = backoffDelay(++attempt, READ_BACKOFF);
          if (watch.failure !== 'invalid') {
            stats.storeErrors++;
            onError(readFailed(watch.auction.auctionId, error, watch.loaded ? retryInMs : undefined));
          }
          if (!watch.loaded) {
            forget(watch);
            break;
          }
          await sleep(retryInMs, closing.signal);
        }
      }
      watch.reading = null;
    })();
    return watch.reading;
  };

  const settle = (watch: Watch): void => {
    if (watch.watchers.size > 0 || watch.claims > 0) return;
    const id = watch.auction.auctionId;
    if (watch.failure !== null || !watch.auction.exists() || maxIdleAuctions === 0) {
      forget(watch);
      return;
    }
    idle.delete(id);
    idle.set(id, watch);
    for (const [oldest, stale] of idle) {
      if (idle.size <= maxIdleAuctions) break;
      idle.delete(oldest);
      if (watches.get(oldest) === stale) watches.delete(oldest);
    }
    count();
  };

  const serve = (watch: Watch, subscription: FeedSubscription, afterVersion: number | undefined): void => {
    const auction = watch.auction;
    const version = auction.version();
    const frames =
      afterVersion === undefined || afterVersion > version ? null : auction.framesAfter(afterVersion);
    if (frames === null) {
      stats.snapshotsSent++;
      subscription.send(auction.snapshotFrame());
    } else for (const frame of frames) subscription.send(frame);
    subscription.cursor = version;
  };

  const waitForReads = async (watch: Watch): Promise<void> => {
    while (watch.reading !== null) await watch.reading;
  };

  return {
    deliver: (event) => {
      if (!event.streamName.startsWith(PREFIX)) return;
      const watch = watches.get(event.streamName.slice(PREFIX.length));
      if (watch === undefined) return;
      if (watch.reading !== null) {
        watch.pending.push(event);
        return;
      }
      const current = watch.auction.version();
      if (event.streamVersion <= current) return;
      if (event.streamVersion === current + 1) return advance(watch, event);
      // A gap (the subscription restarted, or it ran ahead of a read): read what is missing.
      watch.pending.push(event);
      void read(watch);
    },

    subscribe: async (subscription, afterVersion) => {
      const id = subscription.auctionId;
      let watch = watches.get(id);
      if (watch === undefined) {
        watch = {
          auction: createWatchedAuction(id, mask, resumeWindow),
          watchers: new Set(),
          reading: null,
          pending: [],
          claims: 0,
          loaded: false,
          failure: null,
        };
        watches.set(id, watch);
        void read(watch);
      }
      idle.delete(id);
      count();
      watch.claims++;
      try {
        await waitForReads(watch);
        if (!subscription.active || closed) return 'cancelled';
        if (watch.failure !== null) return watch.failure;
        if (!watch.auction.exists()) return 'not-found';
        if (afterVersion !== undefined && afterVersion > watch.auction.version()) {
          // This instance may lag behind the store: read the stream before deciding the client is ahead.
          await read(watch);
          await waitForReads(watch);
          if (!subscription.active || closed) return 'cancelled';
        }
        serve(watch, subscription, afterVersion);
        watch.watchers.add(subscription);
        return 'ok';
      } finally {
        watch.claims--;
        settle(watch);
        count();
      }
    },

    unsubscribe: (subscription) => {
      subscription.active = false;
      const watch = watches.get(subscription.auctionId);
      if (watch?.watchers.delete(subscription) === true) settle(watch);
    },

    close: () => {
      closed = true;
      closing.abort();
      watches.clear();
      idle.clear();
      count();
    },
  };
};
