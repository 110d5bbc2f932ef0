import {
  type AuctionOffers,
  auctionOffers,
  type BidderMask,
  type EventStore,
  isAuctionEvent,
  maskPublicView,
  type PublicHistoryEntry,
  type PublicView,
  publicSnapshot,
  publicView,
  readAuctionEvents,
} from '@gavel/core';
import { readListing } from '../../streams/listingStream';
import { type OwnOffer, ownOffersOf } from './ownOffer';

export type { OwnOffer };

/** One auction, read from its own stream. */
export interface ReadAuction {
  readonly auctionId: string;
  readonly title: string;
  readonly sellerName: string;
  /** The stream version read. */
  readonly version: number;
  /** The public view now (masked). */
  readonly view: PublicView;
  /** The public history (masked), as in the feed. */
  readonly history: readonly PublicHistoryEntry[];
  /** Who leads now, unmasked: only to compare with the signed-in user, never sent. */
  readonly leaderId: string | null;
  /** The winner, unmasked, once sold. */
  readonly winnerId: string | null;
  /**
   * Every bidder's standing offer (their latest bid that no retraction withdrew), unmasked: only a
   * user's own is ever sent, to them. A bidder whose bids were all withdrawn is absent.
   */
  readonly offers: ReadonlyMap<string, OwnOffer>;
  /** The auction's offers with the bids behind them, unmasked: what a retraction is judged on. */
  readonly standing: AuctionOffers;
}

/**
 * Reads an auction's stream (decoded and upcast) and listing, and derives its public view at `now`, its
 * public history and its offers. Answers null when the auction does not exist.
 */
export const readAuction = async (
  store: EventStore,
  auctionId: string,
  mask: BidderMask,
  now: number,
): Promise<ReadAuction | null> => {
  const [read, listing] = await Promise.all([
    readAuctionEvents(store, auctionId),
    readListing(store, auctionId),
  ]);
  const events = read.events.filter((event) => isAuctionEvent(event));
  const standing = auctionOffers(events);
  const { state } = standing;
  const view = publicView(state, now);
  const snapshot = publicSnapshot(events, mask);
  if (view === null || snapshot === null) return null;
  return {
    auctionId,
    title: listing?.title ?? auctionId,
    sellerName: listing?.sellerName ?? '',
    version: snapshot.version,
    view: maskPublicView(view, mask),
    history: snapshot.history,
    leaderId: state.leader?.bidderId ?? null,
    winnerId: state.result?.winnerId ?? null,
    offers: ownOffersOf(standing),
    standing,
  };
};
