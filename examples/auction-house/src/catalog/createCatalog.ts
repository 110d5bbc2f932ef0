import {
  AUCTION_CATEGORY,
  type AuctionState,
  type EventStore,
  evolve,
  initialState,
  isAuctionEvent,
  type RecordedEvent,
  toAuctionEvent,
} from '@gavel/core';
import type { Logger } from 'pino';
import { type Listing, listingOf } from '../listing/listingStream';

/** One auction as the catalog knows it. */
export interface CatalogEntry {
  readonly auctionId: string;
  listing: Listing | null;
  state: AuctionState;
  /** The stream version folded into `state`. */
  version: number;
}

/** Options of {@link createCatalog}. */
export interface CatalogOptions {
  readonly store: EventStore;
  readonly logger: Logger;
}

/** An index of every auction and listing, kept by following the store: the list page and "my bids" read it. */
export interface Catalog {
  /** Resolves once the catalog has read the store's history. */
  start(): Promise<void>;
  /** Every auction that has opened and has a listing. */
  entries(): readonly CatalogEntry[];
  /** The auctions where the user has made an accepted offer or won. */
  auctionsOf(userId: string): readonly string[];
  /** Notes an offer accepted through this instance at once, before the subscription delivers it. */
  noteOffer(userId: string, auctionId: string): void;
  /** The listing of an auction, when the catalog has seen it. */
  listing(auctionId: string): Listing | null;
  stop(): Promise<void>;
}

const auctionPrefix = `${AUCTION_CATEGORY}-`;

/**
 * Creates the catalog: one subscription to the whole store (auction and listing streams), folded into
 * one small state per auction. Memory is O(auctions); it is eventually consistent (the API reads an
 * auction's own stream when it must be exact).
 */
export const createCatalog = ({ store, logger }: CatalogOptions): Catalog => {
  const auctions = new Map<string, CatalogEntry>();
  const listings = new Map<string, Listing>();
  const byUser = new Map<string, Set<string>>();
  const abort = new AbortController();
  let position = 0n;
  let loop: Promise<void> | null = null;

  const noteOffer = (userId: string, auctionId: string): void => {
    let set = byUser.get(userId);
    if (set === undefined) {
      set = new Set();
      byUser.set(userId, set);
    }
    set.add(auctionId);
  };

  const apply = (event: RecordedEvent): void => {
    if (event.streamName.startsWith(auctionPrefix)) {
      if (!isAuctionEvent(event)) return;
      const auctionId = event.streamName.slice(auctionPrefix.length);
      let entry = auctions.get(auctionId);
      if (entry === undefined) {
        entry = { auctionId, listing: listings.get(auctionId) ?? null, state: initialState(), version: 0 };
        auctions.set(auctionId, entry);
      }
      if (event.streamVersion <= entry.version) return;
      entry.state = evolve(entry.state, toAuctionEvent(event));
      entry.version = event.streamVersion;
      if (event.type === 'BidPlaced' || event.type === 'MaxBidSet') noteOffer(event.data.bidderId, auctionId);
      if (event.type === 'AuctionClosed' && event.data.winnerId !== undefined)
        noteOffer(event.data.winnerId, auctionId);
      return;
    }
    const listing = listingOf(event);
    if (listing === null) return;
    listings.set(listing.auctionId, listing);
    const entry = auctions.get(listing.auctionId);
    if (entry !== undefined) entry.listing = listing;
  };

  const follow = async (caughtUp: () => void): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        for await (const message of store.subscribe({ fromPosition: position, signal: abort.signal })) {
          if (message.type === 'caught-up') {
            caughtUp();
            continue;
          }
          apply(message.event);
          position = message.event.globalPosition;
        }
        return;
      } catch (error) {
        if (abort.signal.aborted) return;
        logger.warn({ err: error }, 'catalog subscription failed; resubscribing in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  return {
    start: () =>
      new Promise<void>((resolve) => {
        loop ??= follow(resolve);
      }),
    entries: () =>
      [...auctions.values()].filter((entry) => entry.listing !== null && entry.state.rules !== null),
    auctionsOf: (userId) => [...(byUser.get(userId) ?? [])],
    noteOffer,
    listing: (auctionId) => listings.get(auctionId) ?? null,
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
};
