import type { AuctionState } from '../auction/auctionState';
import { initialState } from '../auction/auctionState';
import { evolve } from '../auction/evolve';
import { toAuctionEvent } from '../decoding/toAuctionEvent';
import { type ChunkedArray, chunkedArray, pushChunked } from '../internal/chunkedArray';
import { type HashIndex, hashIndex, setSlot } from '../internal/hashIndex';

/**
 * What a service instance keeps of one auction stream: its state and version, and the bids recorded
 * in it (to answer a retried `bidId` without deciding). Only the owning queue mutates it.
 *
 * The bid index holds small integers only, not the bids' events: an index entry is written for every
 * bid, while a retry that needs the events is rare (the service reads them back from the stream then).
 */
export interface CachedAuction {
  state: AuctionState;
  version: number;
  /** bidId → the stream version of the bid's first event (the last such bid, should a stream hold two). */
  readonly bids: HashIndex;
  /** At index `v - 1`: the bidId of the bid whose first event has stream version `v`; `''` for other events. */
  readonly bidIds: ChunkedArray<string>;
  /** At index `v - 1`: the bidder of the bid whose first event has stream version `v`; `''` for other events. */
  readonly bidders: ChunkedArray<string>;
}

/** The cache of a stream with no events. */
export const emptyCachedAuction = (): CachedAuction => {
  const bidIds = chunkedArray<string>();
  return {
    state: initialState(),
    version: 0,
    bids: hashIndex(bidIds, 1),
    bidIds,
    bidders: chunkedArray(),
  };
};

/** The fields of a bid's first event that the index needs. */
interface BidData {
  readonly bidId: string;
  readonly bidderId: string;
}

/** True for the first event of a bid's decision. */
export const isBidEvent = (event: { readonly type: string }): boolean =>
  event.type === 'BidPlaced' || event.type === 'MaxBidSet';

/**
 * Adds events that follow the cached version, in stream order, to the bid index (not to the state).
 * `first` is the stream version of `events[0]`: the cached version + 1.
 */
export const indexBids = (
  cache: CachedAuction,
  events: readonly { readonly type: string; readonly data: unknown }[],
  first: number,
): void => {
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as { readonly type: string; readonly data: unknown };
    if (isBidEvent(event)) {
      const { bidId, bidderId } = event.data as BidData;
      pushChunked(cache.bidIds, bidId);
      pushChunked(cache.bidders, bidderId);
      setSlot(cache.bids, bidId, first + i);
    } else {
      pushChunked(cache.bidIds, '');
      pushChunked(cache.bidders, '');
    }
  }
};

/** Folds recorded events (the ones after the cached version, in order) into the cache: state, version and bid index. */
export const applyRecordedEvents = (
  cache: CachedAuction,
  events: readonly { readonly type: string; readonly data: unknown; readonly streamVersion: number }[],
): void => {
  if (events.length === 0) return;
  let state = cache.state;
  for (const recorded of events) state = evolve(state, toAuctionEvent(recorded));
  indexBids(cache, events, (events[0] as { readonly streamVersion: number }).streamVersion);
  cache.state = state;
  cache.version = (events[events.length - 1] as { readonly streamVersion: number }).streamVersion;
};
