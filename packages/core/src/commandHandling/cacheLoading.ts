import { emptyAuctionOffers } from '../auction/auctionOffers';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import { applyRecordedEvents, type CachedAuction, emptyCachedAuction } from './cachedAuction';

/** The events of a stream after a version, or the whole stream. */
export interface NewerEvents {
  readonly events: readonly RecordedEvent[];
  /** True when `events` is the whole stream: asked from version 0, or the stream shrank below the version asked. */
  readonly fromStart: boolean;
}

/**
 * The events of a stream after `version`. Should the stream now hold fewer events than that (it was
 * deleted and written again), the whole stream instead, with `fromStart`: this is the one place that
 * checks for a stream that shrank.
 */
export const readEventsAfter = async (
  store: EventStore,
  streamName: string,
  version: number,
): Promise<NewerEvents> => {
  const read = await store.readStream(streamName, { fromVersion: version });
  if (read.currentVersion >= version) return { events: read.events, fromStart: version === 0 };
  return { events: (await store.readStream(streamName)).events, fromStart: true };
};

/**
 * Reads a whole stream into a new cache, which indexes at most `maxBids` recent bids, and keeps the
 * auction's offers when `withOffers` (for a `RetractBid`: state and offers from one read agree).
 */
export const loadCachedAuction = async (
  store: EventStore,
  streamName: string,
  maxBids: number,
  withOffers = false,
): Promise<CachedAuction> => {
  const cache = emptyCachedAuction(maxBids);
  if (withOffers) cache.offers = emptyAuctionOffers();
  applyRecordedEvents(cache, (await store.readStream(streamName)).events);
  return cache;
};

/** A cache brought up to date with the store. */
export interface RefreshedCache {
  /** `cache` itself, updated in place, or a new one when the stream had shrunk. */
  readonly cache: CachedAuction;
  /** True when the store had events the cache did not. */
  readonly changed: boolean;
}

/** Reads only the events after the cached version into the cache. */
export const refreshCachedAuction = async (
  store: EventStore,
  streamName: string,
  cache: CachedAuction,
): Promise<RefreshedCache> => {
  const { events, fromStart } = await readEventsAfter(store, streamName, cache.version);
  if (fromStart && cache.version > 0) {
    const reloaded = emptyCachedAuction(cache.bids.size);
    if (cache.offers !== null) reloaded.offers = emptyAuctionOffers();
    applyRecordedEvents(reloaded, events);
    return { cache: reloaded, changed: true };
  }
  applyRecordedEvents(cache, events);
  return { cache, changed: events.length > 0 };
};
