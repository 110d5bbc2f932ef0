import type { BidderMask, RecordedEvent } from '@gavel/core';
import type { FeedSubscription } from './feedSubscription';
import type { ReadFailure } from './readFailure';
import { createWatchedAuction, type WatchedAuction } from './watchedAuction';

/** One watched auction of a feed: its fold, its subscribers, and the read that keeps it current. */
export interface Watch {
  readonly auction: WatchedAuction;
  readonly watchers: Set<FeedSubscription>;
  /** The read in progress (the first one, or one filling a gap); live events wait in `held` meanwhile. */
  reading: Promise<void> | null;
  /** Live events that arrived during a read or after a gap, applied once the read has caught up. */
  held: RecordedEvent[];
  /** Subscribes waiting for a read. */
  claims: number;
  loaded: boolean;
  /** Set when the first read failed: the watch is forgotten, and its waiting subscribers told why. */
  failure: ReadFailure | null;
}

/** A watch of `auctionId` not read yet, without subscribers. */
export const createWatch = (auctionId: string, mask: BidderMask, resumeWindow: number): Watch => ({
  auction: createWatchedAuction(auctionId, mask, resumeWindow),
  watchers: new Set(),
  reading: null,
  held: [],
  claims: 0,
  loaded: false,
  failure: null,
});
