import { addToAuctionOffers, type MutableAuctionOffers } from '../auction/auctionOffers';
import type { AuctionState } from '../auction/auctionState';
import { initialState } from '../auction/auctionState';
import { evolve } from '../auction/evolve';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import { type BidWindow, bidWindow, recordInWindow } from './bidWindow';

/**
 * What a service instance keeps of one auction stream: its state and version, and its recent bids (to
 * answer a retried `bidId` without deciding). Only the owning queue mutates it.
 *
 * The bid window holds small integers and ids only, not the bids' events: an entry is written for every
 * bid, while a retry that needs the events is rare (the service reads them back from the stream then).
 */
export interface CachedAuction {
  state: AuctionState;
  version: number;
  /** The most recent bids: bidId → the stream version of the bid's first event, and its bidder. */
  readonly bids: BidWindow;
  /**
   * Every offer of the auction, at `version`, which a `RetractBid` needs. Null until the first
   * retraction asked of this auction (the service then reads the whole stream once); kept up to date
   * with the state from then on, so that bids on an auction nobody retracts on pay nothing for it.
   */
  offers: MutableAuctionOffers | null;
}

/** The default bound of {@link CachedAuction.bids}: the most recent bids a cached auction indexes. */
export const DEFAULT_MAX_CACHED_BIDS = 50_000;

/** The cache of a stream with no events, indexing at most `maxBids` recent bids. */
export const emptyCachedAuction = (maxBids = DEFAULT_MAX_CACHED_BIDS): CachedAuction => ({
  state: initialState(),
  version: 0,
  bids: bidWindow(maxBids),
  offers: null,
});

/** The fields of a bid's first event that the index needs. */
interface BidData {
  readonly bidId: string;
  readonly bidderId: string;
}

/** True for the first event of a bid's decision. */
export const isBidEvent = (event: { readonly type: string }): boolean =>
  event.type === 'BidPlaced' || event.type === 'MaxBidSet';

/**
 * Adds events that follow the cached version, in stream order, to the bid window (not to the state).
 */
export const indexBids = (
  cache: CachedAuction,
  events: readonly { readonly type: string; readonly data: unknown }[],
): void => {
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as { readonly type: string; readonly data: unknown };
    if (isBidEvent(event)) {
      const { bidId, bidderId } = event.data as BidData;
      recordInWindow(cache.bids, bidId, bidderId);
    } else {
      recordInWindow(cache.bids, '', '');
    }
  }
};

/**
 * Folds recorded events (the ones after the cached version, in order) into the cache: state, version,
 * bid index, and the offers when the cache keeps them.
 */
export const applyRecordedEvents = (
  cache: CachedAuction,
  events: readonly { readonly type: string; readonly data: unknown; readonly streamVersion: number }[],
): void => {
  if (events.length === 0) return;
  // Decoded once (older schema versions upcast), for both the state and the bid window.
  const decoded = events.map(toAuctionEvent);
  let state = cache.state;
  for (const event of decoded) state = evolve(state, event);
  indexBids(cache, decoded);
  if (cache.offers !== null) addToAuctionOffers(cache.offers, decoded);
  cache.state = state;
  cache.version = (events[events.length - 1] as { readonly streamVersion: number }).streamVersion;
};
