import type { AuctionState } from '../auction/auctionState';
import { initialState } from '../auction/auctionState';
import type { AuctionEvent } from '../auction/events';
import { evolve } from '../auction/evolve';
import type { RecordedEvent } from '../eventStore/eventStore';

/** A bid recorded in the stream: who made it and the events of its decision. */
export interface RecordedBid {
  readonly bidderId: string;
  readonly events: readonly AuctionEvent[];
}

/**
 * What a service instance keeps of one auction stream: its state and version, and the bids recorded
 * in it (to answer a retried `bidId` without deciding). Only the owning queue mutates it.
 */
export interface CachedAuction {
  state: AuctionState;
  version: number;
  readonly bids: Map<string, RecordedBid>;
  /** The bid whose decision the last folded event belongs to: later events of it are added to it. */
  lastBid: { readonly bidId: string; readonly events: AuctionEvent[] } | null;
}

/** The cache of a stream with no events. */
export const emptyCachedAuction = (): CachedAuction => ({
  state: initialState(),
  version: 0,
  bids: new Map(),
  lastBid: null,
});

/**
 * Folds recorded events into the cache: state, version and bid index. An event whose id is
 * `bid:<bidId>:<n>` for the bid just folded belongs to that bid's decision (e.g. a soft-close extension).
 */
export const applyRecordedEvents = (cache: CachedAuction, events: readonly RecordedEvent[]): void => {
  let state = cache.state;
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as AuctionEvent;
    state = evolve(state, event);
    if (event.type === 'BidPlaced' || event.type === 'MaxBidSet') {
      const bid = { bidId: event.data.bidId, events: [event] };
      cache.bids.set(bid.bidId, { bidderId: event.data.bidderId, events: bid.events });
      cache.lastBid = bid;
    } else if (cache.lastBid !== null && recorded.eventId.startsWith(`bid:${cache.lastBid.bidId}:`)) {
      cache.lastBid.events.push(event);
    } else {
      cache.lastBid = null;
    }
    cache.version = recorded.streamVersion;
  }
  cache.state = state;
};

/** Records the accepted decision of a bid made by this instance. */
export const recordBid = (
  cache: CachedAuction,
  bidId: string,
  bidderId: string,
  events: readonly AuctionEvent[],
) => {
  cache.bids.set(bidId, { bidderId, events });
  cache.lastBid = null;
};
