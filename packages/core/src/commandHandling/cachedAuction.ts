import { addToAuctionOffers, type MutableAuctionOffers } from '../auction/auctionOffers';
import type { AuctionState } from '../auction/auctionState';
import { initialState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import { decodeAuctionEvent } from '../decoding/decodeAuctionEvent';
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

/**
 * Adds decoded events that follow the cached version, in stream order, to the bid window (not to the
 * state); null stands for an event that is not a bid's (one the decoder could not read).
 */
export const indexBids = (cache: CachedAuction, events: readonly (AuctionEvent | null)[]): void => {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event?.type === 'BidPlaced' || event?.type === 'MaxBidSet')
      recordInWindow(cache.bids, event.data.bidId, event.data.bidderId);
    else recordInWindow(cache.bids, '', '');
  }
};

/**
 * Folds recorded events (the ones after the cached version, in order) into the cache: state, version,
 * bid index, and the offers when the cache keeps them. Each is decoded once (older schema versions
 * upcast); one the decoder cannot read moves the version only.
 */
export const applyRecordedEvents = (
  cache: CachedAuction,
  events: readonly { readonly type: string; readonly data: unknown; readonly streamVersion: number }[],
): void => {
  if (events.length === 0) return;
  const decoded: (AuctionEvent | null)[] = new Array(events.length);
  let state = cache.state;
  for (let i = 0; i < events.length; i++) {
    const event = decodeAuctionEvent(events[i] as (typeof events)[number]);
    decoded[i] = event;
    if (event !== null) state = evolve(state, event);
  }
  indexBids(cache, decoded);
  if (cache.offers !== null)
    addToAuctionOffers(
      cache.offers,
      decoded.filter((event) => event !== null),
    );
  cache.state = state;
  cache.version = (events[events.length - 1] as { readonly streamVersion: number }).streamVersion;
};
