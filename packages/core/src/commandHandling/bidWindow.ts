import { type ChunkedArray, chunkedArray, chunkedAt, pushChunked } from '../internal/chunkedArray';
import { findSlot, type HashIndex, hashIndex, setSlot } from '../internal/hashIndex';

/** The entries of a run of consecutive stream versions, from `first` on: one per event. */
interface Generation {
  /** The stream version of the first entry. */
  readonly first: number;
  /** At index `v - first`: the bidId of the bid whose first event has version `v`; `''` for other events. */
  readonly bidIds: ChunkedArray<string>;
  /** At index `v - first`: that bid's bidder; `''` for other events. */
  readonly bidders: ChunkedArray<string>;
  /** bidId → the stream version of the bid's first event. */
  readonly index: HashIndex;
  /** Bid entries (a bidId seen twice counts twice: the index then holds it once, the lists twice). */
  bids: number;
}

/**
 * The recent bids of one auction stream, to answer a retried `bidId` without deciding it: a window over
 * the last bids, in two generations. Once the current generation holds half the window's bids, a new
 * one starts and the oldest is forgotten, so the window holds between half and all of its `size` most
 * recent bids, and never more. A bid before the window is still in the stream, whose unique event ids
 * keep a retry exact: the service asks the store about it (see `docs/concurrency.md`).
 *
 * It holds small integers and the ids only, never the bids' events.
 */
export interface BidWindow {
  /** The most bids the window holds. */
  readonly size: number;
  /** Bids per generation: half the window. */
  readonly generationBids: number;
  current: Generation;
  previous: Generation | null;
  /** The first stream version whose entry is still held: 1 until something was forgotten. */
  from: number;
}

const generation = (first: number): Generation => {
  const bidIds = chunkedArray<string>();
  return { first, bidIds, bidders: chunkedArray(), index: hashIndex(bidIds, first), bids: 0 };
};

/** An empty window of at most `size` bids (at least 2), for a stream whose next version is `next`. */
export const bidWindow = (size: number, next = 1): BidWindow => ({
  size,
  generationBids: Math.max(1, Math.floor(size / 2)),
  current: generation(next),
  previous: null,
  from: next,
});

/** True while the window holds every bid of the stream: a miss then means the bidId is new. */
export const holdsEveryBid = (window: BidWindow): boolean => window.from === 1;

/** The stream version of the bid `bidId`'s first event, if the window holds it; else -1. */
export const findBid = (window: BidWindow, bidId: string): number => {
  const version = findSlot(window.current.index, bidId);
  if (version !== -1 || window.previous === null) return version;
  return findSlot(window.previous.index, bidId);
};

/** The bidder of the bid whose first event has stream version `version`, as found by {@link findBid}. */
export const bidderAt = (window: BidWindow, version: number): string => {
  const current = window.current;
  const held = version >= current.first ? current : (window.previous as Generation);
  return chunkedAt(held.bidders, version - held.first);
};

/**
 * Adds the entry of the next stream version: a bid's first event (its `bidId` and bidder), or `''`
 * twice for any other event.
 */
export const recordInWindow = (window: BidWindow, bidId: string, bidderId: string): void => {
  let current = window.current;
  if (bidId !== '' && current.bids >= window.generationBids) {
    window.previous = current;
    window.from = current.first;
    current = generation(current.first + current.bidIds.length);
    window.current = current;
  }
  const version = current.first + current.bidIds.length;
  pushChunked(current.bidIds, bidId);
  pushChunked(current.bidders, bidderId);
  if (bidId !== '') {
    setSlot(current.index, bidId, version);
    current.bids++;
  }
};
